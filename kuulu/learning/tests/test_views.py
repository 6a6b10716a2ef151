import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kuulu.core.models import AuditEvent
from kuulu.learning import services
from kuulu.learning.models import (
    Course,
    CourseCompletion,
    Module,
    ModuleProgress,
    QuizAttempt,
    QuizQuestion,
)
from kuulu.learning.tests.factories import (
    make_course,
    make_media,
    make_module,
    make_quiz,
    right_answers,
    wrong_answers,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident", "other_staff", "staff", "manager", "coordinator", "admin"]
STAFF_ONLY = dict(zip(ROLES, [404, 404, 200, 200, 200, 200, 200], strict=True))
COORDINATOR_ONLY_404 = dict(zip(ROLES, [404, 404, 404, 404, 404, 200, 200], strict=True))
EVERYONE = dict.fromkeys(ROLES, 200)
AUTHORING = dict(zip(ROLES, [302, 403, 403, 403, 403, 200, 200], strict=True))


def lang(url: str, code: str) -> str:
    return f"/{code}/" + url.split("/", 2)[2]


def quiz_post(module: Module, answers: dict[int, list[int]]) -> dict:
    data = {}
    for question in module.questions.all():
        chosen = [str(c) for c in answers.get(question.pk, [])]
        if chosen:
            data[f"q{question.pk}"] = chosen if question.multiple else chosen[0]
    return data


# --- Reading --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_course_pages_role_matrix(role, clients, org):
    internal = make_course(org.county, title_fi="Sisäinen kurssi")
    internal_module = make_module(internal)
    public = make_course(org.county, title_fi="Avoin kurssi", internal_only=False)
    public_module = make_module(public)
    draft = make_course(org.county, title_fi="Luonnos", status=Course.Status.DRAFT)
    archived = make_course(org.county, title_fi="Arkistoitu", status=Course.Status.ARCHIVED)
    client = clients[role]
    get = client.get
    assert get(reverse("learning:course", args=[internal.pk])).status_code == STAFF_ONLY[role]
    assert (
        get(reverse("learning:module", args=[internal_module.pk])).status_code == (STAFF_ONLY[role])
    )
    assert get(reverse("learning:course", args=[public.pk])).status_code == 200
    assert get(reverse("learning:module", args=[public_module.pk])).status_code == 200
    assert (
        get(reverse("learning:course", args=[draft.pk])).status_code == (COORDINATOR_ONLY_404[role])
    )
    assert (
        get(reverse("learning:course", args=[archived.pk])).status_code
        == (COORDINATOR_ONLY_404[role])
    )
    listing = get(reverse("learning:courses"))
    assert listing.status_code == 200
    body = listing.content.decode()
    assert "Avoin kurssi" in body
    assert ("Sisäinen kurssi" in body) == (STAFF_ONLY[role] == 200)
    assert ("Luonnos" in body) == (COORDINATOR_ONLY_404[role] == 200)


@pytest.mark.parametrize("role", ROLES)
def test_marking_a_module_done_role_matrix(role, clients, org):
    internal = make_course(org.county)
    module = make_module(internal)
    make_module(internal)
    response = clients[role].post(reverse("learning:module_done", args=[module.pk]))
    expected = {"anonymous": 302, "resident": 404}.get(role, 302)
    assert response.status_code == expected
    if role in ("anonymous", "resident"):
        assert ModuleProgress.objects.count() == 0
        if role == "anonymous":
            assert "/accounts/login/" in response["Location"]
    else:
        assert ModuleProgress.objects.get().user == getattr(org, role)


def test_a_resident_can_take_a_public_course_but_anonymous_cannot_record(org, clients):
    public = make_course(org.county, internal_only=False)
    module = make_module(public)
    anonymous = clients["anonymous"].post(reverse("learning:module_done", args=[module.pk]))
    assert anonymous.status_code == 302
    assert ModuleProgress.objects.count() == 0
    page = clients["anonymous"].get(reverse("learning:module", args=[module.pk]))
    assert "Mark as done" not in page.content.decode()
    done = clients["resident"].post(reverse("learning:module_done", args=[module.pk]))
    assert done["Location"] == reverse("learning:course", args=[public.pk])
    assert CourseCompletion.objects.get().user == org.resident


def test_marking_done_twice_and_the_course_list_shows_progress(org, clients):
    course = make_course(org.county, title_fi="Kolmen osan kurssi")
    modules = [make_module(course) for _ in range(3)]
    client = clients["staff"]
    for _ in range(2):
        client.post(reverse("learning:module_done", args=[modules[0].pk]))
    assert ModuleProgress.objects.count() == 1
    body = client.get(lang(reverse("learning:courses"), "en")).content.decode()
    assert "1 of 3 modules done" in body
    for module in modules[1:]:
        client.post(reverse("learning:module_done", args=[module.pk]))
    body = client.get(lang(reverse("learning:courses"), "en")).content.decode()
    assert "Completed on" in body


def test_module_page_shows_text_links_and_transcript_without_iframes(org, clients):
    course = make_course(org.county)
    media = make_media(org.county, transcript="Ensimmäinen kappale.\n\nToinen kappale.")
    text = make_module(course, body_fi="Rivi yksi.\n\nRivi kaksi.")
    video = make_module(course, kind="video", url="https://media.kuulu.example/luento", media=media)
    body = clients["staff"].get(reverse("learning:module", args=[text.pk])).content.decode()
    assert "<p>Rivi yksi.</p>" in body
    body = clients["staff"].get(reverse("learning:module", args=[video.pk])).content.decode()
    assert 'href="https://media.kuulu.example/luento"' in body
    assert "<p>Toinen kappale.</p>" in body
    assert "<iframe" not in body
    assert "<script" not in body.split("</head>")[1]
    assert "style=" not in body


def test_translated_course_page(org, clients):
    course = make_course(org.county, internal_only=False, title_sv="Introduktion på svenska")
    url = reverse("learning:course", args=[course.pk])
    assert "Introduktion på svenska" in Client().get(lang(url, "sv")).content.decode()
    assert "Orientation" in Client().get(lang(url, "en")).content.decode()
    fi = Client().get(lang(url, "fi")).content.decode()
    assert "Perehdytys" in fi
    assert "Introduktion på svenska" not in fi


def test_untranslated_text_is_marked_finnish(org):
    course = make_course(org.county, internal_only=False)
    module = make_module(course, body_fi="Vain suomeksi.")
    body = Client().get(lang(reverse("learning:module", args=[module.pk]), "en")).content.decode()
    assert '<div class="module-body" lang="fi"><p>Vain suomeksi.</p></div>' in body


def test_course_list_query_count_is_fixed(org, clients, django_assert_max_num_queries):
    client = clients["staff"]
    course = make_course(org.county)
    services.complete_module(user=org.staff, module=make_module(course))
    with django_assert_max_num_queries(12) as ctx:
        client.get(lang(reverse("learning:courses"), "en"))
    for n in range(15):
        extra = make_course(org.county, title_fi=f"Kurssi {n}")
        first = make_module(extra)
        make_module(extra)
        services.complete_module(user=org.staff, module=first)
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        response = client.get(lang(reverse("learning:courses"), "en"))
    assert response.content.decode().count("1 of 2 modules done") == 15


# --- Quizzes --------------------------------------------------------------------------------


def test_quiz_fail_then_pass_shows_results_and_allows_retry(org, clients):
    course = make_course(org.county)
    quiz = make_quiz(course, questions=2, pass_mark=100)
    quiz.questions.update(explanation_fi="Näin se menee.")
    client = clients["staff"]
    url = reverse("learning:quiz", args=[quiz.pk])
    page = client.get(url).content.decode()
    assert page.count("<fieldset") == 2
    assert page.count("<legend>") == 2
    assert 'type="radio"' in page
    failed = client.post(url, quiz_post(quiz, wrong_answers(quiz)))
    attempt = QuizAttempt.objects.get()
    assert failed["Location"] == reverse("learning:attempt", args=[quiz.pk, attempt.pk])
    result = client.get(lang(failed["Location"], "en")).content.decode()
    assert "You did not pass this time." in result
    assert "Your score is 0 %" in result
    assert result.count("Wrong") == 2
    assert "Näin se menee." in result
    assert "Try again" in result
    assert not ModuleProgress.objects.exists()
    client.post(url, quiz_post(quiz, right_answers(quiz)))
    assert ModuleProgress.objects.get().score == 100
    assert CourseCompletion.objects.filter(user=org.staff, course=course).exists()


def test_multiple_choice_questions_render_checkboxes(org, clients):
    course = make_course(org.county)
    quiz = make_module(course, kind="quiz")
    from kuulu.learning.tests.factories import make_question

    make_question(quiz, right=2, wrong=1, multiple=True)
    page = clients["staff"].get(reverse("learning:quiz", args=[quiz.pk])).content.decode()
    assert page.count('type="checkbox"') == 3


@pytest.mark.parametrize(
    "bad",
    ["missing", "foreign", "not-a-number", "empty"],
)
def test_invalid_quiz_answers_are_refused_and_nothing_is_saved(bad, org, clients):
    course = make_course(org.county)
    quiz = make_quiz(course, questions=2)
    other = make_quiz(course, questions=1)
    data = quiz_post(quiz, right_answers(quiz))
    first = quiz.questions.first()
    key = f"q{first.pk}"
    if bad == "missing":
        del data[key]
    elif bad == "foreign":
        data[key] = str(other.questions.first().choices.first().pk)
    elif bad == "not-a-number":
        data[key] = "abc"
    else:
        data[key] = ""
    response = clients["staff"].post(reverse("learning:quiz", args=[quiz.pk]), data)
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()
    assert QuizAttempt.objects.count() == 0
    assert ModuleProgress.objects.count() == 0


def test_quiz_answers_need_sign_in_and_attempts_are_private(org, clients):
    course = make_course(org.county, internal_only=False)
    quiz = make_quiz(course)
    url = reverse("learning:quiz", args=[quiz.pk])
    anonymous = clients["anonymous"].post(url, quiz_post(quiz, right_answers(quiz)))
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]
    assert QuizAttempt.objects.count() == 0
    clients["staff"].post(url, quiz_post(quiz, right_answers(quiz)))
    attempt = QuizAttempt.objects.get()
    attempt_url = reverse("learning:attempt", args=[quiz.pk, attempt.pk])
    assert clients["staff"].get(attempt_url).status_code == 200
    assert clients["other_staff"].get(attempt_url).status_code == 404
    assert clients["coordinator"].get(attempt_url).status_code == 404
    assert reverse("learning:quiz", args=[make_module(course).pk])
    assert (
        clients["staff"].get(reverse("learning:quiz", args=[course.modules.last().pk])).status_code
        == 404
    )  # not a quiz


# --- Attachments and media ------------------------------------------------------------------


def test_attachment_is_served_only_to_readers(org, clients, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    course = make_course(org.county)
    module = make_module(
        course,
        kind="attachment",
        attachment=SimpleUploadedFile("ohje.pdf", b"%PDF-1.4 ohje", "application/pdf"),
    )
    url = reverse("learning:attachment", args=[module.pk])
    response = clients["staff"].get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 ohje"
    assert "attachment;" in response["Content-Disposition"]
    assert clients["anonymous"].get(url).status_code == 404
    assert clients["resident"].get(url).status_code == 404
    page = clients["staff"].get(reverse("learning:module", args=[module.pk])).content.decode()
    assert url in page
    assert module.attachment.url not in page


@pytest.mark.parametrize("role", ROLES)
def test_media_library_role_matrix(role, clients, org):
    internal = make_media(org.county, title_fi="Sisäinen jakso", series="Sisäsarja")
    public = make_media(org.county, title_fi="Avoin jakso", internal_only=False, series="Kuulolla")
    listing = clients[role].get(reverse("learning:media")).content.decode()
    staff = STAFF_ONLY[role] == 200
    assert "Avoin jakso" in listing
    assert ("Sisäinen jakso" in listing) == staff
    assert ("Sisäsarja" in listing) == staff
    detail = clients[role].get(reverse("learning:media_detail", args=[internal.pk]))
    assert detail.status_code == STAFF_ONLY[role]
    assert clients[role].get(reverse("learning:media_detail", args=[public.pk])).status_code == 200


def test_media_filters_and_htmx_fragment(org):
    make_media(org.county, title_fi="Podcast-jakso", internal_only=False, series="Kuulolla")
    make_media(org.county, title_fi="Videotallenne", internal_only=False, kind="video")
    response = (
        Client()
        .get(reverse("learning:media") + "?kind=video", HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert "<html" not in response
    assert "Videotallenne" in response
    assert "Podcast-jakso" not in response
    by_series = Client().get(reverse("learning:media") + "?series=Kuulolla").content.decode()
    assert "Podcast-jakso" in by_series
    assert "Videotallenne" not in by_series


def test_media_detail_shows_transcript(org):
    item = make_media(org.county, internal_only=False, transcript="Puhe alkaa tästä.")
    body = Client().get(reverse("learning:media_detail", args=[item.pk])).content.decode()
    assert "<p>Puhe alkaa tästä.</p>" in body


# --- Authoring ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_authoring_pages_role_matrix(role, clients, org):
    course = make_course(org.county, status=Course.Status.DRAFT)
    module = make_module(course)
    quiz = make_quiz(course, questions=1)
    question = quiz.questions.get()
    client = clients[role]
    for url in (
        reverse("learning:course_create"),
        reverse("learning:course_edit", args=[course.pk]),
        reverse("learning:module_create", args=[course.pk]),
        reverse("learning:module_edit", args=[module.pk]),
        reverse("learning:module_edit", args=[quiz.pk]),
        reverse("learning:module_delete", args=[module.pk]),
        reverse("learning:question_create", args=[quiz.pk]),
        reverse("learning:question_edit", args=[question.pk]),
    ):
        assert client.get(url).status_code == AUTHORING[role], url
    refused = AUTHORING[role] != 200
    before = AuditEvent.objects.count()
    posts = [
        (reverse("learning:course_publish", args=[course.pk]), {}),
        (reverse("learning:module_move", args=[module.pk]), {"direction": "down"}),
        (reverse("learning:module_delete", args=[module.pk]), {}),
        (reverse("learning:question_delete", args=[question.pk]), {}),
        (
            reverse("learning:course_edit", args=[course.pk]),
            {"title_fi": "Muutettu", "language": "fi"},
        ),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == (AUTHORING[role] if refused else 302), url
    if refused:
        course.refresh_from_db()
        assert course.status == Course.Status.DRAFT
        assert course.title_fi == "Perehdytys"
        assert Module.objects.filter(pk=module.pk, position=1).exists()
        assert QuizQuestion.objects.filter(pk=question.pk).exists()
        assert AuditEvent.objects.count() == before
    else:
        assert Course.objects.get(pk=course.pk).status == Course.Status.PUBLISHED
        assert not Module.objects.filter(pk=module.pk).exists()


def test_coordinator_builds_and_publishes_a_course(org, clients):
    client = clients["coordinator"]
    response = client.post(
        reverse("learning:course_create"),
        {
            "title_fi": "Palautekoulutus",
            "title_sv": "",
            "title_en": "Feedback training",
            "language": "fi",
            "internal_only": "on",
        },
    )
    course = Course.objects.get(title_fi="Palautekoulutus")
    assert response["Location"] == reverse("learning:course_edit", args=[course.pk])
    assert course.title_sv == ""
    assert course.status == Course.Status.DRAFT
    client.post(
        reverse("learning:module_create", args=[course.pk]),
        {"kind": "text", "title_fi": "Johdanto", "body_fi": "Tervetuloa.", "pass_mark": 80},
    )
    response = client.post(
        reverse("learning:module_create", args=[course.pk]),
        {"kind": "quiz", "title_fi": "Visa", "pass_mark": 80},
    )
    quiz = course.modules.get(kind="quiz")
    assert response["Location"] == reverse("learning:question_create", args=[quiz.pk])
    publish = reverse("learning:course_publish", args=[course.pk])
    client.post(publish)
    assert Course.objects.get(pk=course.pk).status == Course.Status.DRAFT
    client.post(
        reverse("learning:question_create", args=[quiz.pk]),
        {
            "text_fi": "Kumpi?",
            "choice_1_fi": "Tämä",
            "choice_1_correct": "on",
            "choice_2_fi": "Tuo",
        },
    )
    assert quiz.questions.get().choices.count() == 2
    client.post(publish)
    assert Course.objects.get(pk=course.pk).status == Course.Status.PUBLISHED
    client.post(reverse("learning:module_move", args=[quiz.pk]), {"direction": "up"})
    assert list(course.modules.order_by("position").values_list("kind", flat=True)) == [
        "quiz",
        "text",
    ]


def test_invalid_module_form_input_is_refused(org, clients):
    course = make_course(org.county, status=Course.Status.DRAFT)
    url = reverse("learning:module_create", args=[course.pk])
    for data in (
        {"kind": "hologram", "title_fi": "H", "body_fi": "x", "pass_mark": 80},
        {"kind": "text", "title_fi": "x" * 201, "body_fi": "x", "pass_mark": 80},
        {"kind": "text", "title_fi": "T", "body_fi": "", "pass_mark": 80},
        {"kind": "quiz", "title_fi": "Q", "pass_mark": 101},
        {"kind": "video", "title_fi": "V", "url": "javascript:alert(1)", "pass_mark": 80},
    ):
        response = clients["coordinator"].post(url, data)
        assert response.status_code == 200, data
        assert 'class="error-summary"' in response.content.decode()
    assert course.modules.count() == 0


def test_invalid_question_form_input_is_refused(org, clients):
    quiz = make_module(make_course(org.county, status=Course.Status.DRAFT), kind="quiz")
    url = reverse("learning:question_create", args=[quiz.pk])
    for data in (
        {"text_fi": "Yksi vaihtoehto?", "choice_1_fi": "a", "choice_1_correct": "on"},
        {"text_fi": "Ei oikeaa?", "choice_1_fi": "a", "choice_2_fi": "b"},
        {
            "text_fi": "Kaksi oikeaa?",
            "choice_1_fi": "a",
            "choice_1_correct": "on",
            "choice_2_fi": "b",
            "choice_2_correct": "on",
        },
        {"text_fi": "x" * 501, "choice_1_fi": "a", "choice_1_correct": "on", "choice_2_fi": "b"},
        {"text_fi": "Ruotsi ilman suomea?", "choice_1_sv": "a", "choice_2_fi": "b"},
    ):
        response = clients["coordinator"].post(url, data)
        assert response.status_code == 200, data
        assert 'class="error-summary"' in response.content.decode()
    assert QuizQuestion.objects.count() == 0


def test_deleting_a_module_with_progress_is_refused_with_a_message(org, clients):
    course = make_course(org.county)
    module = make_module(course)
    make_module(course)
    services.complete_module(user=org.staff, module=module)
    response = clients["coordinator"].post(
        lang(reverse("learning:module_delete", args=[module.pk]), "en"), follow=True
    )
    assert "Archive the course instead." in response.content.decode()
    assert Module.objects.filter(pk=module.pk).exists()
    assert ModuleProgress.objects.count() == 1


def test_editing_a_question_shows_its_options(org, clients):
    quiz = make_quiz(make_course(org.county), questions=1)
    question = quiz.questions.get()
    page = clients["coordinator"].get(reverse("learning:question_edit", args=[question.pk]))
    body = page.content.decode()
    assert 'value="Vaihtoehto 1"' in body
    assert body.count("<fieldset") >= 6


def test_every_learning_page_of_the_demo_renders_for_a_coordinator():
    from kuulu.accounts.models import User
    from kuulu.workspace.demo import load_demo

    load_demo()
    client = Client()
    client.force_login(User.objects.get(email="koordinaattori@kuulu.example"))
    import importlib

    browser_tests = importlib.import_module("tests.browser.test_accessibility")
    for url in browser_tests.learning_urls():
        for code in ("fi", "sv", "en"):
            response = client.get(url.format(lang=code))
            assert response.status_code == 200, url
    public = Course.objects.get(title_fi="Asiakaspalautteen vastaanottaminen")
    for url in (
        reverse("learning:media"),
        reverse("learning:course", args=[public.pk]),
        reverse("learning:module", args=[public.modules.get(kind="video").pk]),
        reverse("learning:quiz", args=[public.modules.get(kind="quiz").pk]),
    ):
        assert Client().get(url).status_code == 200, url


# --- An answer sheet as it was scored -------------------------------------------------------


def _edit_key(question: QuizQuestion, right_position: int) -> None:
    """A coordinator makes another option of a one-right-answer question the right one."""
    options = list(question.choices.order_by("position", "id"))
    services.save_question(
        module=question.module,
        question=question,
        data={"text_fi": question.text_fi, "multiple": False},
        choices=[
            services.ChoiceInput(text_fi=o.text_fi, is_correct=n == right_position)
            for n, o in enumerate(options, start=1)
        ],
    )


def test_attempt_page_shows_the_key_and_pass_mark_of_its_time_after_the_quiz_is_edited(
    org, clients
):
    course = make_course(org.county)
    quiz = make_quiz(course, questions=2, pass_mark=50)
    q1, q2 = list(quiz.questions.order_by("position"))
    client = clients["staff"]
    answers = {q1.pk: right_answers(quiz)[q1.pk], q2.pk: wrong_answers(quiz)[q2.pk]}
    response = client.post(reverse("learning:quiz", args=[quiz.pk]), quiz_post(quiz, answers))
    attempt = QuizAttempt.objects.get()
    assert (attempt.score, attempt.passed) == (50, True)
    assert ModuleProgress.objects.get(module=quiz).score == 50
    # The coordinator then turns the key round (the learner's wrong answer to q2 is now the
    # right one, their right answer to q1 wrong), raises the pass mark and adds a question.
    _edit_key(q1, right_position=2)
    _edit_key(q2, right_position=2)
    services.update_module(module=quiz, data={"pass_mark": 100})
    from kuulu.learning.tests.factories import make_question

    added = make_question(quiz, text_fi="Myöhemmin lisätty kysymys?")
    page = client.get(lang(response["Location"], "en")).content.decode()
    assert page.count("<strong>Right</strong>") == 1
    assert page.count("<strong>Wrong</strong>") == 1
    assert page.index(f'id="question-{q1.pk}"') < page.index("<strong>Right</strong>")
    assert page.index("<strong>Right</strong>") < page.index(f'id="question-{q2.pk}"')
    assert "1 question was answered wrong." in page
    assert f'id="question-{added.pk}"' not in page
    assert "Myöhemmin lisätty" not in page
    assert "You passed." in page
    assert "Your score is 50 %; the pass mark was 50 %." in page
    attempt.refresh_from_db()
    assert (attempt.score, attempt.pass_mark, attempt.passed) == (50, 50, True)
    assert attempt.results == {str(q1.pk): True, str(q2.pk): False}


def test_attempt_page_counts_a_question_removed_since_as_it_was_scored(org, clients):
    course = make_course(org.county)
    quiz = make_quiz(course, questions=3, pass_mark=50)
    client = clients["staff"]
    client.post(reverse("learning:quiz", args=[quiz.pk]), quiz_post(quiz, wrong_answers(quiz)))
    attempt = QuizAttempt.objects.get()
    services.delete_question(question=quiz.questions.order_by("position").last())
    url = lang(reverse("learning:attempt", args=[quiz.pk, attempt.pk]), "en")
    page = client.get(url).content.decode()
    assert "Your score is 0 %; the pass mark was 50 %." in page
    assert "3 questions were answered wrong." in page
    assert "1 question of this attempt has since been removed from the quiz." in page
    assert page.count("<strong>Wrong</strong>") == 2
    fi = client.get(lang(url, "fi")).content.decode()
    assert "Tuloksesi on 0 %. Hyväksymisraja oli 50 %." in fi
    assert "1 tämän suorituskerran kysymys on sittemmin poistettu testistä." in fi
    sv = client.get(lang(url, "sv")).content.decode()
    assert "Ditt resultat är 0 %. Gränsen för godkänt var 50 %." in sv
    assert "1 fråga i det här försöket har sedan dess tagits bort ur testet." in sv


def test_migration_fills_old_attempts_from_todays_key_only_where_it_gives_their_score(org, clients):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("kuulu.learning.migrations.0002_attempt_results_kept")
    course = make_course(org.county)
    quiz = make_quiz(course, questions=2, pass_mark=50)
    q1, q2 = list(quiz.questions.order_by("position"))
    half = {str(q1.pk): right_answers(quiz)[q1.pk], str(q2.pk): wrong_answers(quiz)[q2.pk]}
    # Sheets scored before the marks were kept: one the key of today still agrees with, one
    # scored under an older key (today's key would give it 50 %, not 100 %), and one whose
    # pass contradicts today's pass mark.
    kept = QuizAttempt.objects.create(
        user=org.staff, module=quiz, answers=half, score=50, passed=True
    )
    older_key = QuizAttempt.objects.create(
        user=org.staff, module=quiz, answers=half, score=100, passed=True
    )
    older_mark = QuizAttempt.objects.create(
        user=org.staff, module=quiz, answers=half, score=50, passed=False
    )
    migration.fill_results(apps, None)
    kept.refresh_from_db()
    older_key.refresh_from_db()
    older_mark.refresh_from_db()
    assert (kept.results, kept.pass_mark) == ({str(q1.pk): True, str(q2.pk): False}, 50)
    assert (older_key.results, older_key.pass_mark) == (None, 50)
    assert (older_mark.results, older_mark.pass_mark) == (
        {str(q1.pk): True, str(q2.pk): False},
        None,
    )
    page = (
        clients["staff"]
        .get(lang(reverse("learning:attempt", args=[quiz.pk, older_key.pk]), "en"))
        .content.decode()
    )
    assert "Your score is 100 %; the pass mark was 50 %." in page
    assert "it can no longer be shown which of your answers were right" in page
    assert "<strong>Wrong</strong>" not in page
    assert "<strong>Right</strong>" not in page
    page = (
        clients["staff"]
        .get(lang(reverse("learning:attempt", args=[quiz.pk, older_mark.pk]), "en"))
        .content.decode()
    )
    assert "You did not pass this time." in page
    assert "Your score is 50 %." in page
    assert "the pass mark" not in page
