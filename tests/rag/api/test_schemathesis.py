"""Property-based requests generated from the published OpenAPI spec (valid and
invalid bodies, parameters and headers) against the real server: no 5xx, and
every answer conforms to the spec (status codes, content types, schemas).

Cases are drawn per operation with Hypothesis directly (schemathesis's lazy
pytest fixture does not run under pytest 9), in both generation modes.
"""

from __future__ import annotations

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.configuration import set_hypothesis_home_dir
from hypothesis.errors import Unsatisfiable
from prometheus_client.parser import text_string_to_metric_families
from schemathesis.config import SchemathesisConfig
from schemathesis.generation import GenerationMode

from tests.rag.api.conftest import API_KEY

#: Every default check runs, with two adjustments:
#: * rules across fields (min_price <= max_price, a click needs a product_id, PATCH needs a change)
#:   and the configured message limit are not expressible in JSON Schema, so a schema-valid body
#:   can rightly get 422: "positive data acceptance" is off;
#: * an invalid body over the size limit is rightly refused with 413 before it is parsed.
CONFIG = SchemathesisConfig.from_dict({
    "auth": {"openapi": {"APIKeyHeader": {"api_key": API_KEY}}},
    "checks": {
    "positive_data_acceptance": {"enabled": False},
    "negative_data_rejection": {"expected-statuses": [400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429]},
}})
EXAMPLES = 25


@pytest.fixture
def hypothesis_home(tmp_path):
    """Hypothesis keeps caches in a folder (.hypothesis in the working directory by default): under tmp_path here."""
    set_hypothesis_home_dir(tmp_path / "hypothesis")
    yield
    set_hypothesis_home_dir(None)  # back to the default (HYPOTHESIS_STORAGE_DIRECTORY or .hypothesis)  # per operation and mode: 8 operations x 2 modes x 25 = 400 requests


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=lambda m: m.value)
def test_no_server_errors_and_spec_conformance(server, mode, hypothesis_home) -> None:
    schema = schemathesis.openapi.from_url(f"{server.url}/openapi.json", config=CONFIG)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8, [op.label for op in operations]
    tested = []
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def run(case) -> None:
            case.call_and_validate(base_url=server.url, timeout=60)

        try:
            run()
        except Unsatisfiable:
            # No invalid request exists for an operation without inputs (GET /healthz, /metrics).
            assert mode is GenerationMode.NEGATIVE, operation.label
            continue
        tested.append(operation.label)
    assert len(tested) >= (8 if mode is GenerationMode.POSITIVE else 6), tested
    # The cases reached the server (each operation sends up to EXAMPLES requests).
    metrics = httpx.get(f"{server.url}/metrics", timeout=30).text
    sent = sum(s.value for f in text_string_to_metric_families(metrics) if f.name == "shopassist_http_requests"
               for s in f.samples if s.name.endswith("_total"))
    assert sent >= 5 * len(tested), sent
