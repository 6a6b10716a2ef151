"""Triage: the locked split, the model against the baseline on dev, calibration and the unsure
flag, the formal-complaint choice, the triage_suggest command, and the retraining guard."""

from __future__ import annotations

import json
import logging
from io import StringIO
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from kuulu.feedback.models import Feedback, Theme
from kuulu.feedback.triage import baseline, corpus, store
from kuulu.feedback.triage.bundle import MIN_KNOWN_WORD_SHARE, Bundle, complaint_threshold
from kuulu.feedback.triage.corpus import LockedSplit, examples, split_of
from kuulu.feedback.triage.engine import suggest
from kuulu.feedback.triage.evaluation import (
    baseline_predictor,
    bundle_predictor,
    report,
    wilson,
)
from kuulu.feedback.triage.units import UnitInfo

THEME_CODES = corpus.THEMES


@pytest.fixture(scope="module")
def shipped() -> Bundle:
    """The shipped model (trained on train, thresholds on dev) - built once per process."""
    version = store.shipped_version()
    if version not in store._shipped:
        store._shipped[version] = store.build_shipped()  # in memory only: no cache file written
    return store._shipped[version]


@pytest.fixture
def model_dir(tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "triage" / "model.json"
    with override_settings(FEEDBACK_TRIAGE_MODEL_PATH=path):
        yield path.parent


# --- the split -------------------------------------------------------------------------------


def test_split_is_a_fixed_function_of_the_id() -> None:
    # Values fixed when the split was introduced: a change would move texts between splits.
    assert [split_of(x) for x in ("fi-w1-0001", "sv-w1-0001", "a", "b", "c")] == [
        "train",
        "dev",
        "train",
        "dev",
        "test",
    ]
    ids = [f"id-{i}" for i in range(10_000)]
    shares = {s: sum(split_of(i) == s for i in ids) / len(ids) for s in corpus.SPLITS}
    assert abs(shares["train"] - 0.6) < 0.02
    assert abs(shares["dev"] - 0.2) < 0.02
    assert abs(shares["test"] - 0.2) < 0.02
    assert [split_of(i) for i in reversed(ids)] == [split_of(i) for i in ids][::-1]


def test_split_does_not_depend_on_the_other_texts(tmp_path: Path) -> None:
    line = {"lang": "fi", "kind": "praise", "theme": "access", "wants_formal_complaint": False}
    rows = [{**line, "id": f"x-{i}", "text": f"teksti {i}"} for i in range(60)]
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in rows[:30]))
    before = {i.id for i in examples("dev", directory=tmp_path)}
    (tmp_path / "b.jsonl").write_text("\n".join(json.dumps(r) for r in rows[30:]))
    after = {i.id for i in examples("dev", directory=tmp_path)}
    assert before <= after
    assert before == {r["id"] for r in rows[:30] if split_of(r["id"]) == "dev"}


def test_invalid_corpus_lines_are_skipped(tmp_path: Path) -> None:
    good = {"id": "g", "lang": "sv", "text": "Tack!", "kind": "praise", "theme": "being_met"}
    lines = [
        json.dumps(good),
        "{not json",
        json.dumps({**good, "id": "k", "kind": "rant"}),
        json.dumps({**good, "id": "t", "text": "  "}),
        json.dumps(good),  # duplicate id
    ]
    (tmp_path / "c.jsonl").write_text("\n".join(lines))
    assert [i.id for i in corpus.load_corpus(tmp_path)] == ["g"]


def test_test_split_is_locked_without_final() -> None:
    with pytest.raises(LockedSplit):
        examples("test")
    assert all(split_of(i.id) == "test" for i in examples("test", final=True))
    with pytest.raises(CommandError, match="locked"):
        call_command("evaluate_triage", "--split", "test", stdout=StringIO())
    with pytest.raises(CommandError, match="--final"):
        call_command("evaluate_triage", "--learning-curve", stdout=StringIO())


def test_cross_writer_check_trains_without_the_writer_and_never_reads_test(monkeypatch) -> None:
    from kuulu.feedback.triage import evaluation

    item = examples("dev")[0]
    assert evaluation.writer_of(item) == item.id.split("-")[1]
    with pytest.raises(CommandError, match="no train or dev texts by writer"):
        call_command("evaluate_triage", "--cross-writer", "w99", stdout=StringIO())

    seen: dict[str, list] = {}

    def fake_build(train, dev, **kwargs):
        seen["train"], seen["dev"] = list(train), list(dev)
        raise RuntimeError("stop after choosing the data")

    monkeypatch.setattr(evaluation, "build", fake_build)
    with pytest.raises(RuntimeError, match="stop after"):
        evaluation.cross_writer("w3")
    assert seen["train"]
    assert all(evaluation.writer_of(i) != "w3" for i in seen["train"])
    assert all(evaluation.writer_of(i) != "w3" for i in seen["dev"])
    assert all(split_of(i.id) == "train" for i in seen["train"] if i.source == "corpus")


def test_training_data_never_contains_dev_or_test() -> None:
    train_ids = {i.id for i in examples("train", with_lexicon_examples=True)}  # any variant
    assert not train_ids & {i.id for i in examples("dev")}
    assert not train_ids & {i.id for i in examples("test", final=True)}


# --- the model on dev ------------------------------------------------------------------------


def test_model_beats_the_lexicon_baseline_on_dev(shipped: Bundle) -> None:
    dev = examples("dev")
    assert len(dev) >= 150
    model = report(dev, bundle_predictor(shipped)(dev))["overall"]
    base = report(dev, baseline_predictor(dev))["overall"]
    assert model["kind_accuracy"] >= base["kind_accuracy"] + 0.10
    assert model["theme_accuracy"] >= base["theme_accuracy"] + 0.15
    # The old rule (every dissatisfied text) showed the formal complaint far too often.
    assert model["complaint_false_show"] < base["complaint_false_show"] / 2


def test_confidence_is_calibrated_and_unsure_below_the_threshold(shipped: Bundle) -> None:
    dev = examples("dev")
    predicted = bundle_predictor(shipped)(dev)
    figures = report(dev, predicted)
    # Confident suggestions are right more often than unsure ones.
    assert figures["confident_kind_accuracy"] >= 0.88
    assert figures["confident_kind_accuracy"] > figures["unsure_kind_accuracy"]
    assert 0.2 < figures["confident_share"] < 1.0
    # Each probability row sums to one; mean confidence tracks accuracy within 0.15 overall.
    p = shipped.main.probabilities("kind", [i.text for i in dev], [i.language for i in dev])
    assert np.allclose(p.sum(axis=1), 1.0)
    right = np.mean([q.kind == i.kind for q, i in zip(predicted, dev, strict=True)])
    assert abs(float(p.max(axis=1).mean()) - float(right)) < 0.15
    for q in predicted:
        if q.kind_confidence < shipped.kind_threshold:
            assert q.unsure


def test_nonsense_is_unsure_and_suggestion_carries_the_flag(shipped: Bundle) -> None:
    nonsense = suggest("qwerty zxcv asdf", "fi", [], shipped)
    assert nonsense.unsure and not nonsense.is_confident  # noqa: PT018
    assert nonsense.model_version == shipped.version
    assert suggest("Xyz qwerty.", "fi", []).unsure  # the baseline is never sure


@pytest.mark.parametrize(
    "text", ["asdfgh jkl", "123 456 789", "xyzzy plugh", "??", "blergh flurp snorg"]
)
def test_a_text_the_model_cannot_read_is_never_confident(shipped: Bundle, text: str) -> None:
    # These got a confident type from the linear scores alone before the known-word guard.
    for language in ("fi", "sv", "en"):
        s = suggest(text, language, [], shipped)
        assert s.unsure and s.theme_unsure  # noqa: PT018
    assert share(shipped, text) < MIN_KNOWN_WORD_SHARE


def share(model: Bundle, text: str) -> float:
    return model.main.known_word_share(model.main.words_of([text], ["fi"])[0])


def test_known_word_share_counts_words_the_model_learnt(shipped: Bundle) -> None:
    assert share(shipped, "") == 0.0
    assert share(shipped, "Kiitos hyvästä hoidosta") == 1.0
    assert share(shipped, "Kiitos qwxzv") == 0.5
    readable = suggest("Kiitos hyvästä ja ystävällisestä hoidosta kotihoidossa!", "fi", [], shipped)
    assert readable.kind == "praise" and not readable.unsure  # noqa: PT018


def test_model_round_trips_through_json(shipped: Bundle) -> None:
    copy = Bundle.from_json(json.loads(json.dumps(shipped.to_json())))
    texts = ["Kiitos hyvästä hoidosta", "Varför är avgiften så hög?", "The lift is broken"]
    for a, b in zip(
        shipped.predict_many(texts, ["fi", "sv", "en"]),
        copy.predict_many(texts, ["fi", "sv", "en"]),
        strict=True,
    ):
        assert (a.kind, a.theme, a.complaint_choice) == (b.kind, b.theme, b.complaint_choice)
        assert abs(a.kind_confidence - b.kind_confidence) < 1e-3


def test_model_file_of_another_shape_is_refused(shipped: Bundle) -> None:
    data = shipped.to_json()
    with pytest.raises(ValueError, match="format"):
        Bundle.from_json({**data, "format": "other"})
    broken = json.loads(json.dumps(data))
    broken["main"]["heads"]["kind"]["coefficients"] = [[1.0]]
    with pytest.raises(ValueError, match="weights"):
        Bundle.from_json(broken)


def test_complaint_threshold_reaches_the_recall_goal() -> None:
    probabilities = np.array([0.9, 0.8, 0.7, 0.6, 0.4, 0.3, 0.2, 0.1, 0.05, 0.01])
    wanted = np.array([True, True, False, True, True, False, False, False, False, False])
    explicit = np.zeros(10, dtype=bool)
    threshold, recall, false_show = complaint_threshold(probabilities, wanted, explicit)
    assert (threshold, recall) == (0.4, 1.0)
    assert false_show == pytest.approx(1 / 6)
    explicit[4] = True  # an explicit "muistutus" always shows it: a higher threshold suffices
    assert complaint_threshold(probabilities, wanted, explicit)[0] == 0.6


def test_wilson_interval() -> None:
    assert wilson(0, 0) == (0.0, 1.0)
    low, high = wilson(85, 100)
    assert low == pytest.approx(0.767, abs=0.002)
    assert high == pytest.approx(0.907, abs=0.002)


# --- the baseline and units (unchanged) ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "kind", "theme"),
    [
        ("Odotin jonossa kolme tuntia, tämä on kohtuutonta.", "fi", "dissatisfaction", "waiting"),
        ("Kiitos ystävälliselle hoitajalle!", "fi", "praise", "staff_conduct"),
        ("Varför är avgiften så hög?", "sv", "question", "costs"),
    ],
)
def test_baseline_suggests_type_and_theme(text: str, language: str, kind: str, theme: str) -> None:
    suggestion = suggest(text, language, [])
    assert (suggestion.kind, suggestion.theme) == (kind, theme)
    assert suggestion.model_version == baseline.VERSION


def test_theme_is_limited_to_the_countys_codes(shipped: Bundle) -> None:
    text = "Lasku oli liian suuri, maksu on kohtuuton."
    assert suggest(text, "fi", [], shipped).theme == "costs"
    limited = suggest(text, "fi", [], shipped, themes=frozenset({"waiting", "access"}))
    assert limited.theme in {"waiting", "access"}
    assert suggest(text, "fi", [], shipped, themes=frozenset()).theme is None


UNITS = [
    UnitInfo(id=1, names=("Kajaanin terveysasema", "Kajana hälsostation")),
    UnitInfo(id=2, names=("Sotkamon terveysasema", "Sotkamo hälsostation")),
]


def test_unit_by_its_distinctive_name_word() -> None:
    assert suggest("Kajaanin terveysasemalla jono oli pitkä", "fi", UNITS).unit_id == 1
    assert suggest("Terveysasemalla oli kylmä", "fi", UNITS).unit_id is None


# --- the county: suggestions, the unsure flag, the complaint choice --------------------------


def test_suggestion_stores_the_unsure_flag_and_the_case_page_shows_it(  # type: ignore[no-untyped-def]
    org, model_dir, shipped, clients
) -> None:
    from kuulu.feedback.services import apply_suggestions
    from kuulu.feedback.tests.factories import make_feedback

    sure = make_feedback(
        org.county, org.unit_a, text="Kiitos, hoitaja oli todella ystävällinen ja lämmin!"
    )
    unsure = make_feedback(org.county, org.unit_a, text="qwerty zxcv asdf")
    assert apply_suggestions(sure.pk) and apply_suggestions(unsure.pk)  # noqa: PT018
    sure.refresh_from_db()
    unsure.refresh_from_db()
    assert unsure.triage_unsure is True
    assert sure.suggested_kind == "praise"
    assert sure.triage_model_version.startswith("shipped-")
    page = clients["admin"].get(f"/en/feedback/cases/{unsure.pk}/")
    assert page.status_code == 200
    assert "Suggested type — not sure, please check." in page.content.decode()
    assert "not sure" not in clients["admin"].get(f"/en/feedback/cases/{sure.pk}/").content.decode()


def test_an_unsure_theme_comes_with_the_runner_up_and_the_case_page_shows_it(  # type: ignore[no-untyped-def]
    org, model_dir, shipped, clients
) -> None:
    from kuulu.feedback.services import apply_suggestions
    from kuulu.feedback.tests.factories import make_feedback

    # "It did not work at all": no theme word, so no theme stands out (a text that merely
    # leaned towards two themes stopped being unsure when the fourth writers joined).
    text = "Det fungerade inte alls."
    s = suggest(text, "sv", [], shipped)
    assert s.theme_unsure
    assert s.theme_alternative is not None and s.theme_alternative != s.theme  # noqa: PT018
    ranking = [code for code, _ in shipped.predict(text, "sv").theme_ranking]
    assert ranking[:2] == [s.theme, s.theme_alternative]
    # Limited to the county's themes, the runner-up is the best remaining one of them.
    limited = suggest(text, "sv", [], shipped, themes=frozenset(ranking[1:]))
    assert (limited.theme, limited.theme_alternative) == (ranking[1], ranking[2])
    sure = suggest("Kiitos, hoitaja oli todella ystävällinen ja lämmin!", "fi", [], shipped)
    assert not sure.theme_unsure and sure.theme_alternative is None  # noqa: PT018

    for code in ranking[:2]:
        Theme.objects.get_or_create(county=org.county, code=code, defaults={"name": code})
    case = make_feedback(org.county, org.unit_a, text=text, language="sv")
    assert apply_suggestions(case.pk)
    case.refresh_from_db()
    assert case.suggested_theme.code == s.theme
    assert case.suggested_theme_alternative.code == s.theme_alternative
    alternative = case.suggested_theme_alternative
    page = clients["admin"].get(f"/en/feedback/cases/{case.pk}/").content.decode()
    assert "(or perhaps " in page
    assert alternative.name in page.split("(or perhaps ")[1][:80]


@pytest.mark.parametrize(
    ("kind", "text", "language", "shown"),
    [
        ("dissatisfaction", "Haluan tehdä muistutuksen lääkärin toiminnasta.", "fi", True),
        ("idea", "Jag vill lämna in en anmärkning om hur min mamma behandlades.", "sv", True),
        ("dissatisfaction", "Parkkipaikka oli täynnä ja jouduin kiertämään.", "fi", False),
        ("praise", "Thank you, the nurse was lovely.", "en", False),
    ],
)
def test_form_offers_the_formal_complaint_by_the_model(  # type: ignore[no-untyped-def]
    client, org, model_dir, shipped, kind, text, language, shown
) -> None:
    response = client.post(
        "/en/feedback/give/",
        {"kind": kind, "text": text, "language": language, "contact_name": "Matti"},
    )
    body = response.content.decode()
    assert ("Do you want to make a formal complaint?" in body) is shown
    if not shown:
        assert response.status_code == 302  # saved as feedback straight away
        assert Feedback.objects.count() == 1


# --- triage_suggest --------------------------------------------------------------------------


def _run_suggest(tmp_path: Path, lines: list[str], *args: str) -> list[dict]:
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join(line.encode("utf-8", "surrogateescape") for line in lines))
    out = StringIO()
    call_command("triage_suggest", str(source), *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_triage_suggest_gives_per_line_errors_and_processes_the_rest(  # type: ignore[no-untyped-def]
    tmp_path, model_dir, shipped
) -> None:
    rows = _run_suggest(
        tmp_path,
        [
            json.dumps({"id": "a", "text": "Kiitos hyvästä palvelusta!", "lang": "fi"}),
            "{broken",
            json.dumps({"text": ""}),
            json.dumps({"text": 12}),
            json.dumps({"text": "x" * 4001}),
            json.dumps(["not", "an", "object"]),
            "\udcff\udcfe",  # bytes that are not UTF-8
            json.dumps({"text": "Hur bokar jag en tid till tandläkaren?", "lang": "sv"}),
        ],
    )
    assert [r["line"] for r in rows] == list(range(1, 9))
    assert rows[0]["id"] == "a" and rows[0]["kind"] == "praise"  # noqa: PT018
    assert set(rows[0]) >= {"kind", "theme", "complaint_choice", "confidence", "unsure"}
    assert isinstance(rows[0]["complaint_choice"], bool)
    assert 0 <= rows[0]["confidence"] <= 1
    assert [r.get("error") for r in rows[1:7]] == [
        "invalid JSON",
        "empty text",
        "the text is not a string",
        "the text is longer than 4000 characters (4001)",
        "a line must be a JSON object with a text",
        "the line is not UTF-8 text",
    ]
    assert rows[7]["kind"] == "question" and "error" not in rows[7]  # noqa: PT018


def test_triage_suggest_falls_back_to_the_shipped_model_with_a_warning(  # type: ignore[no-untyped-def]
    tmp_path, model_dir, shipped, caplog
) -> None:
    model_dir.mkdir(parents=True, exist_ok=True)
    (model_dir / "county-77.json").write_text('{"format": "kuulu-triage-bundle-1", "main": 3')
    line = json.dumps({"text": "Jonotin puhelimessa tunnin.", "lang": "fi"})
    with caplog.at_level(logging.WARNING):
        corrupt = _run_suggest(tmp_path, [line], "--county", "77")
        missing = _run_suggest(tmp_path, [line], "--county", "78")
    assert corrupt[0]["kind"] and missing[0]["kind"]  # noqa: PT018
    assert corrupt == missing
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("county 77" in w for w in warnings)
    assert any("county 78" in w for w in warnings)
    assert store.model_for(77).version.startswith("shipped-")


# --- retraining and its guard ----------------------------------------------------------------


def _confirm(county, items) -> None:  # type: ignore[no-untyped-def]
    themes = {
        code: Theme.objects.get_or_create(county=county, code=code, defaults={"name": code})[0]
        for code in THEME_CODES
    }
    Feedback.objects.bulk_create(
        Feedback(
            county=county,
            reference=f"T-{n:06d}",
            kind=kind,
            text=text,
            language=lang,
            theme=themes[theme],
            triage_confirmed=True,
        )
        for n, (text, lang, kind, theme) in enumerate(items)
    )


def test_too_few_corrections_keep_the_model_in_use(org, model_dir, shipped) -> None:  # type: ignore[no-untyped-def]
    from kuulu.feedback.triage.training import read_status, retrain

    _confirm(org.county, [("Jono oli pitkä", "fi", "dissatisfaction", "waiting")] * 3)
    result = retrain(org.county.pk, min_examples=10)
    assert not result.trained
    assert result.in_use.startswith("shipped-")
    assert read_status(org.county.pk)["reason"] == "3 confirmed examples, 10 needed"


def test_bad_corrections_are_refused_by_the_dev_guard(org, model_dir, shipped) -> None:  # type: ignore[no-untyped-def]
    from kuulu.feedback.triage.training import retrain

    # Deliberately wrong: every training text labelled with the next type and theme.
    kinds, themes = corpus.KINDS, corpus.THEMES
    wrong = [
        (
            i.text,
            i.language,
            kinds[(kinds.index(i.kind) + 1) % 4],
            themes[(themes.index(i.theme) + 1) % 10],
        )
        for i in examples("train")
    ]
    _confirm(org.county, wrong * 2)
    result = retrain(org.county.pk, min_examples=50, calibrate_folds=2)
    assert not result.trained, result.metrics
    assert result.metrics["dev_kind_accuracy_new"] < result.metrics["dev_kind_accuracy_old"]
    assert not store.county_model_path(org.county.pk).exists()
    assert store.model_for(org.county.pk).version.startswith("shipped-")


def test_good_corrections_replace_the_model(org, model_dir, shipped) -> None:  # type: ignore[no-untyped-def]
    from kuulu.feedback.triage.training import retrain

    right = [(i.text, i.language, i.kind, i.theme) for i in examples("train")[:120]]
    _confirm(org.county, right)
    result = retrain(org.county.pk, min_examples=50, calibrate_folds=2)
    assert result.trained, result.metrics
    new = result.metrics["dev_kind_accuracy_new"] + result.metrics["dev_theme_accuracy_new"]
    old = result.metrics["dev_kind_accuracy_old"] + result.metrics["dev_theme_accuracy_old"]
    assert new >= old - 0.01
    assert store.model_for(org.county.pk).version == result.in_use
    assert result.in_use.startswith(f"county{org.county.pk}-")


def test_confirmations_queue_the_retraining_every_nth(org, settings) -> None:  # type: ignore[no-untyped-def]
    from unittest import mock

    from kuulu.feedback.triage import tasks

    settings.FEEDBACK_TRIAGE_RETRAIN_EVERY = 2
    with mock.patch.object(tasks, "retrain_triage_model") as task:
        _confirm(org.county, [("a", "fi", "idea", "access")])
        assert tasks.schedule_retraining(org.county.pk) is False
        Feedback.objects.filter(county=org.county).update(triage_confirmed=True)
        _confirm_more = Feedback.objects.create(
            county=org.county, reference="T-999999", kind="idea", text="b", triage_confirmed=True
        )
        assert _confirm_more.pk
        assert tasks.schedule_retraining(org.county.pk) is True
    task.enqueue.assert_called_once_with(county_id=org.county.pk)


# --- the coordinator's triage page -----------------------------------------------------------


def test_triage_page_role_matrix_and_learning_curve_table(clients, org, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from kuulu.feedback.triage import status

    curve = {
        "test_examples": 300,
        "rows": [
            {
                "corrections": n,
                "distinct": min(n, 400),
                "kind_accuracy": 0.8 + n / 100_000,
                "kind_ci95": [0.75, 0.85],
                "theme_accuracy": 0.6,
                "theme_ci95": [0.55, 0.65],
            }
            for n in (0, 100, 500, 2000)
        ],
    }
    path = tmp_path / "curve.json"
    path.write_text(json.dumps(curve))
    with override_settings(FEEDBACK_TRIAGE_MODEL_PATH=tmp_path / "m" / "model.json"):
        original = status.LEARNING_CURVE
        status.LEARNING_CURVE = path
        try:
            for role, client in clients.items():
                response = client.get("/en/feedback/dashboard/triage/")
                expected = (
                    200 if role in {"coordinator", "admin"} else 302 if role == "anonymous" else 403
                )
                assert response.status_code == expected, role
            body = clients["coordinator"].get("/en/feedback/dashboard/triage/").content.decode()
        finally:
            status.LEARNING_CURVE = original
    assert "Learning curve" in body
    assert "<svg viewBox" in body  # the chart ...
    assert '<th scope="row">2000</th>' in body  # ... and the table with the same numbers
    assert "0.820" in body
    assert "shipped with Kuulu" in body


def test_prediction_features_match_scikit_learns_tfidf() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    from kuulu.feedback.triage import classifier

    texts = ["Kiitos, hoitaja oli ihana!", "Miksi jono on niin pitkä?", "The lift is broken."] * 3
    model = classifier.fit(
        texts,
        ["fi", "fi", "en"] * 3,
        {"kind": ["praise", "question", "dissatisfaction"] * 3},
        spec=classifier.Spec(lemmas=False),
        heads={"kind": classifier.HeadSpec("svm", 1.0)},
        calibrate_folds=0,
    )
    reference = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(2, 5),
        preprocessor=str.lower,
        sublinear_tf=True,
        min_df=2,
        max_features=classifier.CHAR_MAX_FEATURES,
    ).fit(texts)
    probe = ["Hoitaja on ihana, jono pitkä x"]
    ours = model._build_vectorizers()[1].transform(probe).toarray()
    assert np.allclose(ours, reference.transform(probe).toarray())
