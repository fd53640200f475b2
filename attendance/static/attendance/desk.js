// The check-in desk, progressively enhanced.
// 1. The name filter: hides the participants whose name does not match what is
//    typed, as one types (accents ignored). Without JavaScript the search form sends ?q=.
//    What was typed before the script ran (a slow connection) is applied when it runs.
// 2. Present and Undo tick the row in place (fetch, JSON answer: the new row, the
//    count and the message), so the organiser keeps their place in a long list.
//    Without JavaScript, or when the request fails, the form posts as usual and the
//    desk comes back at the row (#person-<id>).
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function setUpFilter(list, input) {
    var none = document.getElementById("desk-none");
    function filter() {
      // The buttons' forms keep the search, so the desk comes back filtered the same way.
      list.querySelectorAll("input[type=hidden][name=q]").forEach(function (hidden) {
        hidden.value = input.value;
      });
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      list.querySelectorAll(".desk-person").forEach(function (person) {
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
    return filter;
  }

  function announce(text, level) {
    var region = document.querySelector("main .messages[role=status]");
    if (!region) {
      return;
    }
    region.textContent = "";
    if (text) {
      var line = document.createElement("p");
      line.className = "message message-" + (level || "info");
      line.textContent = text;
      region.appendChild(line);
    }
  }

  function setUpTicks(list, filter) {
    var count = document.getElementById("desk-count");
    list.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.classList.contains("desk-person-action") || !window.fetch || form.dataset.sending) {
        return;
      }
      event.preventDefault();
      var submitter = event.submitter;
      var data = new FormData(form);
      if (submitter && submitter.name) {
        data.set(submitter.name, submitter.value);
      }
      form.dataset.sending = "1";
      // Not form.action: the buttons are named "action", which shadows the property.
      fetch(form.getAttribute("action") || window.location.href, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      })
        .then(function (response) {
          var type = response.headers.get("Content-Type") || "";
          if (type.indexOf("application/json") !== 0) {
            throw new Error("not a desk answer");
          }
          return response.json().then(function (answer) {
            return { ok: response.ok, answer: answer };
          });
        })
        .then(function (result) {
          delete form.dataset.sending;
          announce(result.answer.message, result.answer.level);
          if (!result.ok) {
            return;
          }
          var row = form.closest(".desk-person");
          var holder = document.createElement("ul");
          holder.innerHTML = result.answer.row;
          var fresh = holder.querySelector(".desk-person");
          row.replaceWith(fresh);
          if (count) {
            count.innerHTML = result.answer.count;
          }
          if (filter) {
            filter();
          }
          var button = fresh.querySelector("button");
          if (button) {
            button.focus({ preventScroll: true });
          }
        })
        .catch(function () {
          // Anything unexpected: post the form as usual (the desk comes back at the row).
          form.dataset.sending = "1";
          if (submitter && submitter.name) {
            var chosen = document.createElement("input");
            chosen.type = "hidden";
            chosen.name = submitter.name;
            chosen.value = submitter.value;
            form.appendChild(chosen);
          }
          HTMLFormElement.prototype.submit.call(form);
        });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var input = document.querySelector("[data-desk-filter]");
    var list = document.getElementById("desk-list");
    if (!list) {
      return;
    }
    var filter = input ? setUpFilter(list, input) : null;
    setUpTicks(list, filter);
  });
})();
