from django.db import OperationalError


def test_healthz_answers_ok_after_a_database_round_trip(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_fails(client, db):
    def database_down(execute, sql, params, many, context):
        raise OperationalError("connection refused")

    from django.db import connection

    with connection.execute_wrapper(database_down):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "down"}
