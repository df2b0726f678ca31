import io
import json

import pytest
from django.core.management import CommandError, call_command


def run(tmp_path, monkeypatch, pins, lines):
    path = tmp_path / "pins.json"
    path.write_text(pins if isinstance(pins, str) else json.dumps(pins), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    out = io.StringIO()
    call_command("live_parse_comments", "--pins", str(path), stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_one_json_object_per_comment(tmp_path, monkeypatch):
    pins = [{"code": "A1", "name": "Khoai sâm Sìn Hồ", "unit": "kg"}, {"code": "A2", "name": "Chè Shan tuyết"}]
    result = run(tmp_path, monkeypatch, pins, ["chốt A1 x2 0912 345 678", "A2 còn không?", "huỷ A1", "đẹp quá"])
    assert result == [
        {"intent": "order", "items": [{"code": "A1", "quantity": 2}], "phone": "0912345678"},
        {"intent": "question", "items": [{"code": "A2", "quantity": None}], "phone": None},
        {"intent": "cancel", "items": [{"code": "A1", "quantity": None}], "phone": None},
        {"intent": "other", "items": [], "phone": None},
    ]


@pytest.mark.parametrize("pins", ["not json", '{"code": "A1"}', "[1, 2]"])
def test_a_bad_pins_file_is_a_clear_error(tmp_path, monkeypatch, pins):
    with pytest.raises(CommandError) as error:
        run(tmp_path, monkeypatch, pins, ["chốt A1"])
    assert "sản phẩm ghim" in str(error.value)
