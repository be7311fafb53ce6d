"""Sidecar and "copy as code" output: valid code, exact wire body, never a key."""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gamecraft_desktop.core.request_code import (
    curl_body,
    endpoint_base,
    request_as_curl,
    request_as_javascript,
    request_as_python,
    request_as_python_fal_client,
    request_as_python_httpx,
)
from gamecraft_desktop.core.schema import GameCraftInput, parse_input
from gamecraft_desktop.core.sidecar import SIDECAR_FORMAT_VERSION, build_sidecar, sidecar_json

FAKE_KEY = "test-id:test-secret"


def make_input(prompt: str = "a quiet \"harbor\" at dawn, it's cold\nsecond line ✓") -> GameCraftInput:
    return parse_input({
        "image": {"url": "https://example.invalid/in.png", "width": 1216, "height": 704},
        "prompt": prompt,
        "action_list": ["w", "w", "a", "d"],
        "action_speed_list": [0.1, 0.25, 3, 0.2],
        "cfg_scale": 1.5,
        "infer_steps": 7,
        "seed": 1234,
    })


def submit_argv(script: str) -> list[str]:
    """The argv of the submit curl command in a generated script (continuation lines joined)."""
    joined = script.replace("\\\n", " ")
    line = next(ln for ln in joined.split("\n") if ln.startswith("curl") and "-X POST" in ln)
    return shlex.split(line)


def body_of(argv: list[str]) -> str:
    return argv[argv.index("--data-raw") + 1]


# --- sidecar -------------------------------------------------------------------------------------


def test_sidecar_holds_inputs_lists_request_and_timings() -> None:
    inp = make_input()
    d = build_sidecar(
        inp, request_id="req-123", endpoint="anthonywu/gamecraft",
        timings={"submitted_at": "2026-01-01T00:00:00+00:00", "queue_s": 3.5, "inference_s": None},
        app_version="9.9.9", mode="sandbox",
        output={"video": {"url": "http://127.0.0.1/x.mp4", "file_size": 10}},
        source_image={"path": "/tmp/a.png", "sha256": "ab"},
    )
    loaded = json.loads(sidecar_json(d))
    assert loaded["format_version"] == SIDECAR_FORMAT_VERSION
    assert loaded["request_id"] == "req-123"
    assert loaded["endpoint"] == "anthonywu/gamecraft"
    assert loaded["app_version"] == "9.9.9"
    assert loaded["mode"] == "sandbox"
    assert loaded["input"]["action_list"] == ["w", "w", "a", "d"]
    assert loaded["input"]["action_speed_list"] == [0.1, 0.25, 3.0, 0.2]
    assert loaded["input"]["seed"] == 1234
    assert loaded["input"]["prompt"] == inp.prompt
    assert loaded["wire_input"] == inp.to_wire()
    assert loaded["timings"]["submitted_at"] == "2026-01-01T00:00:00+00:00"
    assert loaded["timings"]["queue_s"] == 3.5
    assert loaded["timings"]["completed_at"] is None
    assert loaded["expected_video"]["frame_count"] == 132
    assert loaded["output"]["video"]["file_size"] == 10
    # The wire input replays to the same model input.
    assert parse_input(loaded["wire_input"]) == inp


def test_sidecar_drops_key_like_entries_and_never_contains_a_key() -> None:
    d = build_sidecar(make_input(), request_id="r", endpoint="anthonywu/gamecraft", timings={},
                      app_version="1", mode="fal",
                      output={"video": {"url": "https://cdn/x.mp4"}, "key": FAKE_KEY},
                      source_image={"Authorization": f"Key {FAKE_KEY}", "path": "p"})
    text = sidecar_json(d)
    assert FAKE_KEY not in text and "test-secret" not in text
    assert json.loads(text)["source_image"] == {"path": "p"}


def test_sidecar_rejects_unknown_mode() -> None:
    with pytest.raises(ValueError):
        build_sidecar(make_input(), request_id=None, endpoint="e", timings={}, app_version="1",
                      mode="cloud")  # type: ignore[arg-type]


# --- code snippets -------------------------------------------------------------------------------


@pytest.mark.parametrize("gen", [request_as_python_httpx, request_as_python_fal_client, request_as_python])
def test_python_snippets_compile_and_carry_the_wire_body(gen) -> None:  # type: ignore[no-untyped-def]
    inp = make_input()
    code = gen(inp, "anthonywu/gamecraft")
    compile(code, "<snippet>", "exec")
    assert 'os.environ["FAL_KEY"]' in code
    assert FAKE_KEY not in code
    # The body literal evaluates to exactly the wire form (lists as JSON strings).
    import ast

    tree = ast.parse(code)
    literal = next(
        node.value for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
        and node.targets[0].id in ("BODY", "ARGUMENTS")
    )
    assert ast.literal_eval(literal) == inp.to_wire()
    assert isinstance(ast.literal_eval(literal)["action_list"], str)


def node_check(code: str, path: Path) -> subprocess.CompletedProcess[str]:
    """`node --check` on the snippet (skips the test where node is not installed)."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: cannot check the JavaScript syntax")
    path.write_text(code, encoding="utf-8")
    return subprocess.run([node, "--check", str(path)], capture_output=True, text=True, timeout=60)


def test_javascript_snippet_uses_fal_subscribe_and_env_key(tmp_path: Path) -> None:
    inp = make_input()
    code = request_as_javascript(inp, "anthonywu/gamecraft")
    assert "fal.subscribe(\"anthonywu/gamecraft\"" in code
    assert "process.env.FAL_KEY" in code and FAKE_KEY not in code
    start = code.index("const input = ") + len("const input = ")
    end = code.index(";\n", start)
    assert json.loads(code[start:end]) == inp.to_wire()
    proc = node_check(code, tmp_path / "snippet.mjs")
    assert proc.returncode == 0, proc.stderr


def test_javascript_snippet_with_bad_syntax_is_caught(tmp_path: Path) -> None:
    """The syntax check above can fail: a broken snippet is refused by node."""
    proc = node_check(request_as_javascript(make_input()).replace("});", "}", 1), tmp_path / "broken.mjs")
    assert proc.returncode != 0


def test_curl_script_submit_status_result_with_placeholder_key(tmp_path: Path) -> None:
    inp = make_input()
    script = request_as_curl(inp, "anthonywu/gamecraft/extra/path")
    argv = submit_argv(script)
    assert argv[:4] == ["curl", "-sS", "-X", "POST"]
    assert argv[4] == "https://queue.fal.run/anthonywu/gamecraft/extra/path"
    assert "Authorization: Key $FAL_KEY" in argv
    assert json.loads(body_of(argv)) == inp.to_wire()
    # Status and result use only owner/alias, with the request id.
    assert "https://queue.fal.run/anthonywu/gamecraft/requests/$REQUEST_ID/status?logs=1" in script
    assert '"https://queue.fal.run/anthonywu/gamecraft/requests/$REQUEST_ID"' in script
    assert FAKE_KEY not in script
    sh = shutil.which("sh")
    if sh:
        f = tmp_path / "s.sh"
        f.write_text(script, encoding="utf-8")
        assert subprocess.run([sh, "-n", str(f)], capture_output=True, timeout=30).returncode == 0


def test_endpoint_base_strips_the_path_and_keeps_namespaces() -> None:
    assert endpoint_base("anthonywu/gamecraft") == "anthonywu/gamecraft"
    assert endpoint_base("anthonywu/gamecraft/a/b") == "anthonywu/gamecraft"
    assert endpoint_base("workflows/me/flow/x") == "workflows/me/flow"


prompts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=200,
).filter(lambda s: s.strip() != "")


@settings(max_examples=150, deadline=None)
@given(prompt=prompts, neg=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_curl_body_round_trips_through_shell_quoting(prompt: str, neg: str) -> None:
    inp = parse_input({"image": "https://example.invalid/a.png", "prompt": prompt + "'\"$`\\\n",
                       "neg_prompt": neg})
    argv = submit_argv(request_as_curl(inp))
    body = body_of(argv)
    assert body == curl_body(inp)
    assert json.loads(body) == inp.to_wire()
    # Python snippets stay valid for any prompt too.
    compile(request_as_python_httpx(inp), "<snippet>", "exec")


def test_snippets_keep_invisible_characters_escaped_on_one_line() -> None:
    inp = make_input("line\u2028sep\x85nel\x00nul\u200bzw é 🎥")
    body = curl_body(inp)
    assert "\u2028" not in body and "\x85" not in body and "\x00" not in body
    assert "é 🎥" in body
    assert json.loads(body) == inp.to_wire()
    js = request_as_javascript(inp)
    assert "\u2028" not in js and "\x85" not in js


# --- queue priority and start deadline in the copied code -------------------------------------------

SUBMIT_HEADERS = {"X-Fal-Queue-Priority": "low", "X-Fal-Request-Timeout": "300"}


def _call_keywords(code: str, method: str) -> dict[str, object]:
    """The literal keyword arguments of the first `<x>.<method>(...)` call in a Python snippet."""
    import ast

    call = next(n for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Call)
                and isinstance(n.func, ast.Attribute) and n.func.attr == method)
    out: dict[str, object] = {}
    for kw in call.keywords:
        try:
            out[str(kw.arg)] = ast.literal_eval(kw.value)
        except ValueError:
            out[str(kw.arg)] = ast.unparse(kw.value)
    return out


def test_python_httpx_submit_sends_the_app_headers() -> None:
    import ast

    code = request_as_python_httpx(make_input(), headers=SUBMIT_HEADERS)
    tree = ast.parse(code)
    assigned = next(n.value for n in ast.walk(tree) if isinstance(n, ast.Assign)
                    and isinstance(n.targets[0], ast.Name) and n.targets[0].id == "SUBMIT_HEADERS")
    assert ast.literal_eval(assigned) == SUBMIT_HEADERS
    assert _call_keywords(code, "post")["headers"] == "SUBMIT_HEADERS"
    # only the submit carries them: status and result calls are left as they were
    assert code.count("SUBMIT_HEADERS") == 2


def test_python_fal_client_uses_its_priority_option_and_passes_the_deadline_as_sent() -> None:
    code = request_as_python_fal_client(make_input(), headers=SUBMIT_HEADERS)
    kw = _call_keywords(code, "subscribe")
    assert kw["priority"] == "low"
    assert kw["headers"] == {"X-Fal-Request-Timeout": "300"}
    assert "start_timeout" not in kw  # fal-client would send the same header, written "300.0"
    assert "Not start_timeout=" in code  # and the snippet says why
    assert "another header name" not in code and "newest included" in code


def test_javascript_snippet_sends_other_submit_headers_with_the_headers_option(tmp_path: Path) -> None:
    code = request_as_javascript(make_input(), headers={**SUBMIT_HEADERS, "X-Fal-No-Retry": "1"})
    assert '  headers: {"X-Fal-No-Retry": "1"},\n' in code and "Not expressible" not in code
    assert '"X-Fal-Queue-Priority"' not in code  # that one goes as the priority option
    proc = node_check(code, tmp_path / "snippet.mjs")
    assert proc.returncode == 0, proc.stderr


def test_javascript_snippet_passes_priority_and_start_timeout(tmp_path: Path) -> None:
    code = request_as_javascript(make_input(), headers=SUBMIT_HEADERS)
    assert '  priority: "low",\n' in code and "  startTimeout: 300,\n" in code
    assert request_as_javascript(make_input(), headers={"X-Fal-Request-Timeout": "2.5"}).count(
        "startTimeout: 2.5,") == 1
    proc = node_check(code, tmp_path / "snippet.mjs")
    assert proc.returncode == 0, proc.stderr


def test_curl_submit_sends_the_app_headers(tmp_path: Path) -> None:
    inp = make_input()
    script = request_as_curl(inp, headers=SUBMIT_HEADERS)
    argv = submit_argv(script)
    sent = [argv[i + 1] for i, a in enumerate(argv) if a == "-H"]
    assert sent[2:] == ["X-Fal-Queue-Priority: low", "X-Fal-Request-Timeout: 300"]
    assert json.loads(body_of(argv)) == inp.to_wire()
    f = tmp_path / "s.sh"
    f.write_text(script, encoding="utf-8")
    sh = shutil.which("sh")
    if sh:
        assert subprocess.run([sh, "-n", str(f)], capture_output=True, timeout=30).returncode == 0


@pytest.mark.parametrize("gen", [request_as_python_httpx, request_as_python_fal_client, request_as_javascript,
                                 request_as_curl])
def test_no_extra_headers_at_the_defaults(gen) -> None:  # type: ignore[no-untyped-def]
    for code in (gen(make_input()), gen(make_input(), headers={})):
        assert "Priority" not in code and "priority" not in code
        assert "Request-Timeout" not in code and "startTimeout" not in code
        if gen is not request_as_javascript and gen is not request_as_curl:
            compile(code, "<snippet>", "exec")


# --- sidecar name ----------------------------------------------------------------------------------


def test_sidecar_is_named_after_the_whole_video_file_name_for_the_window_and_the_cli() -> None:
    from gamecraft_desktop.cli import generate
    from gamecraft_desktop.core.sidecar import sidecar_path_for

    assert sidecar_path_for(Path("/v/clip.mp4")) == Path("/v/clip.mp4.json")
    assert sidecar_path_for(Path("my.video.mp4")) == Path("my.video.mp4.json")
    assert generate.sidecar_path_for is sidecar_path_for  # the CLI follows the same rule
