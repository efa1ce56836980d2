"""Property-based tests of the published OpenAPI document (schemathesis): for generated requests to every
/api/v1 and /open311/v2 operation the server never answers 5xx and its responses match the document."""

from __future__ import annotations

import pytest
import schemathesis
from feeds_client import api_client, issue
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance


@pytest.fixture
def api_schema(tmp_path, fresh_services):
    with fresh_services("sqlite", tmp_path, ingest_rate="100000/minute") as services, api_client(services) as client:
        token = issue(services, "schema-test")["Authorization"]
        document = client.get("/api/v1/openapi.json").json()
        schema = schemathesis.openapi.from_dict(document)
        schema.app = client.app
        schema.token = token
        yield schema


def test_no_server_errors_and_responses_match_the_schema(api_schema):
    from hypothesis import given

    checks = (not_a_server_error, response_schema_conformance, status_code_conformance)
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 10

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            if case.path.startswith("/api/v1/ingest"):
                case.headers = {**(case.headers or {}), "Authorization": api_schema.token}
            response = case.call(app=api_schema.app)
            case.validate_response(response, checks=checks)

        check()


def test_document_describes_the_public_interfaces_only(api_schema):
    paths = set(api_schema.raw_schema["paths"])
    assert {"/api/v1/ingest/environment", "/api/v1/open/stations.geojson", "/api/v1/open/series/{domain}",
            "/api/v1/open/kpi/daily"} <= paths
    assert not [p for p in paths if not p.startswith(("/api/v1/", "/open311/v2/"))]
    body = api_schema.raw_schema["paths"]["/api/v1/ingest/environment"]["post"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["items"]["$ref"]
    assert ref.endswith("/EnvRecord") and "EnvRecord" in api_schema.raw_schema["components"]["schemas"]
