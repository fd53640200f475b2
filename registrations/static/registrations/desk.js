// The desk's name filter: hides the participants whose name does not match what is
// typed, as one types (accents ignored). Without JavaScript the search form sends ?q=.
// What was typed before the script ran (a slow connection) is applied when it runs.
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  document.addEventListener("DOMContentLoaded", function () {
    var input = document.querySelector("[data-desk-filter]");
    var list = input && document.getElementById(input.getAttribute("data-desk-filter"));
    var none = document.getElementById("desk-none");
    if (!list) {
      return;
    }
    var people = Array.prototype.slice.call(list.querySelectorAll(".desk-person"));
    var kept = Array.prototype.slice.call(list.querySelectorAll("input[type=hidden][name=q]"));
    function filter() {
      // The buttons' forms keep the search, so the desk comes back filtered the same way.
      kept.forEach(function (hidden) { hidden.value = input.value; });
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      people.forEach(function (person) {
        var name = fold(person.getAttribute("data-name") || "");
        var match = words.every(function (word) { return name.indexOf(word) !== -1; });
        person.hidden = !match;
        shown += match ? 1 : 0;
      });
      if (none) {
        none.hidden = shown !== 0;
      }
    }
    input.addEventListener("input", filter);
    filter();
  });
})();
