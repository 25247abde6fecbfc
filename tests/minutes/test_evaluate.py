"""The evaluation command: matching by number and words, the figures it prints, its exit status."""

import json

from hamafza.minutes import evaluate

GOLD = {
    "meeting_date": "2023-10-21",
    "resolutions": [
        {"number": 1, "text": "برگزاری جلسات ماهانه کارگروه در محل استانداری", "responsible": ["استانداری"]},
        {
            "number": "2-1",
            "text": "تهیه گزارش آسیب‌های اجتماعی استان",
            "responsible": ["وزارت کشور", "بهزیستی"],
        },
        {"number": 3, "text": "ایجاد سامانه ثبت نام داوطلبان", "responsible": []},
    ],
}


def test_tokens_ignore_spelling_digits_and_punctuation():
    assert evaluate.tokens("دستگاه‌های مرتبط، ۱۲") == evaluate.tokens("دستگاههاي مرتبط 12.")
    assert evaluate.token_f1("الف ب ج د", "الف ب ج ه") == 0.75
    assert evaluate.token_f1("", "الف") == 0.0


def test_numbers_as_written_or_with_a_sub_number_compare_alike():
    assert evaluate.number_key({"number": "۲-۱"}) == "2-1"
    assert evaluate.number_key({"number": 2, "sub_number": "1"}) == "2-1"
    assert (
        evaluate.number_key({"number": "2-1", "sub_number": "1"}) == "2-1"
    )  # as extract_minutes --json prints it
    assert evaluate.number_key({"number": "2.1"}) == "2-1"
    assert evaluate.number_key({"number": 3}) == "3"


def test_a_document_is_scored_by_number_words_agencies_and_date():
    predicted = {
        "meeting_date": "2023-10-21",
        "resolutions": [
            {
                "number": 1,
                "text": "برگزاری جلسات ماهانه کارگروه در محل استانداری",
                "responsible": ["استانداری"],
            },
            {
                "number": 2,
                "sub_number": "1",
                "text": "تهیه گزارش آسیبهای اجتماعی استان",
                "responsible": ["وزارت کشور"],
            },
            {
                "number": 4,
                "text": "ایجاد سامانه ثبت نام داوطلبان",
                "responsible": [],
            },  # right words, wrong number
        ],
    }
    score = evaluate.score_document("x", predicted, GOLD)
    assert (score.expected, score.predicted, score.matched) == (3, 3, 2)
    assert (round(score.precision, 3), round(score.recall, 3)) == (0.667, 0.667)
    assert (score.resp_tp, score.resp_fp, score.resp_fn) == (2, 0, 1)
    assert round(score.resp_f1, 3) == 0.8
    assert score.date_right


def test_words_too_far_apart_do_not_match():
    predicted = {
        "meeting_date": None,
        "resolutions": [{"number": 1, "text": "برگزاری جلسات", "responsible": []}],
    }
    score = evaluate.score_document("x", predicted, GOLD)
    assert score.matched == 0 and not score.date_right


def _folder(tmp_path):
    (tmp_path / "01.txt").write_text(
        "تاریخ جلسه: ۱۴۰۲/۰۷/۲۹\nمصوبات:\n۱- برگزاری جلسات ماهانه کارگروه در محل استانداری\n",
        encoding="utf-8",
    )
    gold = {
        "meeting_date": "2023-10-21",
        "resolutions": [
            {"number": 1, "text": "برگزاری جلسات ماهانه کارگروه در محل استانداری", "responsible": []}
        ],
    }
    (tmp_path / "01.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "02.json").write_text(json.dumps({"meeting_date": None, "resolutions": []}), encoding="utf-8")
    (tmp_path / "02.txt").write_text("متنی بدون مصوبه", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not a document", encoding="utf-8")


def test_the_command_prints_per_document_and_overall_figures(tmp_path, capsys):
    _folder(tmp_path)
    assert evaluate.main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split() == ["document", "exp", "pred", "P", "R", "F1", "respF1", "date"]
    assert lines[1].split() == [f"{tmp_path.name}/01.txt", "1", "1", "1.000", "1.000", "1.000", "1.000", "ok"]
    assert lines[2].split() == [f"{tmp_path.name}/02.txt", "0", "0", "1.000", "1.000", "1.000", "1.000", "ok"]
    assert "resolutions: precision 1.000  recall 1.000  F1 1.000" in out
    assert "responsible F1 1.000   date accuracy 1.000" in out
    assert "documents/second" in out


def test_the_command_speaks_json(tmp_path, capsys):
    _folder(tmp_path)
    assert evaluate.main([str(tmp_path), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["totals"]["documents"] == 2
    assert payload["totals"]["f1"] == 1.0
    assert [d["document"] for d in payload["documents"]] == [
        f"{tmp_path.name}/01.txt",
        f"{tmp_path.name}/02.txt",
    ]


def test_a_missing_folder_is_refused(tmp_path, capsys):
    assert evaluate.main([str(tmp_path / "nowhere")]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_a_folder_with_a_split_is_scored_per_split(tmp_path, capsys):
    _folder(tmp_path)
    (tmp_path / "split.json").write_text(
        json.dumps({"seed": 1, "dev": ["01"], "test": ["02"]}), encoding="utf-8"
    )
    assert evaluate.main([str(tmp_path), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    corpora = {c["corpus"]: c for c in payload["corpora"]}
    assert set(corpora) == {f"{tmp_path.name} (dev)", f"{tmp_path.name} (test)"}
    assert [d["document"] for d in corpora[f"{tmp_path.name} (dev)"]["documents"]] == [
        f"{tmp_path.name}/01.txt"
    ]
    assert corpora[f"{tmp_path.name} (test)"]["totals"]["expected"] == 0
    assert evaluate.main([str(tmp_path), "--split", "test", "--overall"]) == 0
    out = capsys.readouterr().out
    assert "01.txt" not in out and "02.txt" not in out and "overall: 1 documents" in out


def test_the_summary_names_each_corpus(tmp_path, capsys):
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    _folder(one)
    _folder(two)
    assert evaluate.main([str(one), str(two), "--overall"]) == 0
    out = capsys.readouterr().out
    assert "== one" in out and "== two" in out
    summary = out.split("corpus ")[1].splitlines()
    assert [row.split()[0] for row in summary[1:3]] == ["one", "two"]
