"""Filling templates: readable problems with line numbers, user data never executed."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime

import pytest

from followup_desktop.core.templating import (
    Absent,
    Record,
    TemplateProblem,
    check_syntax,
    describe,
    render,
    split_subject,
)


def ctx(**extra):
    base = {
        "candidate": Record(
            "candidate",
            {"name": "Ana Silva", "email": ""},
            {"email": "your profile has no email address yet"},
        ),
        "agency": Absent("agency", "this interview did not come through an agency"),
        "today": date(2026, 11, 10),
        "people": [Record("person", {"name": n}) for n in ("Ian", "Jo", "Kim")],
    }
    base.update(extra)
    return base


def problem(source: str, context=None) -> TemplateProblem:
    with pytest.raises(TemplateProblem) as info:
        render(source, ctx() if context is None else context, "t")
    return info.value


def test_subject_line_is_split_from_the_body():
    out = render("{# A note #}\nSubject: Hello {{ candidate.name }}\n\nDear Ian,\n\nBye\n", ctx())
    assert out.subject == "Hello Ana Silva"
    assert out.body == "Dear Ian,\n\nBye\n"


def test_without_a_subject_line_everything_is_body():
    assert split_subject("Dear Ian,\n").subject == ""
    assert split_subject("Dear Ian,\n").body == "Dear Ian,\n"
    assert split_subject("\n\nsubject:  Hi \n\nx\n").subject == "Hi"


def test_a_misspelt_top_level_name_is_named_with_its_line_and_a_suggestion():
    p = problem("Dear x,\n\n{{ candiate.name }}\n")
    assert p.line == 3
    assert "“candiate”" in str(p) and "Did you mean “candidate”?" in str(p)
    assert str(p).startswith("Line 3: ")
    assert p.field == "template"


def test_a_misspelt_field_is_named_with_its_record():
    p = problem("a\n{{ candidate.nme }}")
    assert p.line == 2
    assert "“candidate.nme” is not a template field" in str(p)
    assert "Did you mean “candidate.name”?" in str(p)


def test_an_empty_field_is_never_a_silent_blank():
    p = problem("Mail me at {{ candidate.email }}")
    assert "“candidate.email”" in str(p) and "your profile has no email address yet" in str(p)
    assert "{% if candidate.email %}" in str(p)


def test_an_absent_group_explains_itself_when_printed_or_read():
    assert "this interview did not come through an agency" in str(problem("{{ agency }}"))
    p = problem("x\ny\n{{ agency.name }}")
    assert p.line == 3 and "“agency.name”" in str(p)


def test_absent_values_are_false_empty_and_defaultable():
    out = render(
        "{% if agency %}A{% else %}none{% endif %}|{% for x in agency %}{{ x }}{% endfor %}|"
        "{{ agency.name | default('-') }}|{{ candidate.email | d('?') }}|{{ agency | length }}",
        ctx(),
    )
    assert out.body == "none||-|?|0\n"


def test_a_list_read_as_a_record_says_to_loop():
    assert "loop over it" in str(problem("{{ people.name }}"))


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("Hello\n{% if %}\n", 2),
        ("a\nb\n{{ candidate.name \n", 3),
        ("{% for x in people %}\n", 1),
        ("a\n{% endif %}", 2),
    ],
)
def test_syntax_errors_carry_their_line(source, line):
    p = check_syntax(source, "t")
    assert p is not None and p.line == line
    assert str(p).startswith(f"Line {line}: ")
    with pytest.raises(TemplateProblem):
        render(source, ctx())


def test_a_valid_template_has_no_syntax_problem():
    assert check_syntax("{% if a %}{{ a }}{% endif %}") is None


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ candidate.__init__ }}",
        "{{ 1 / 0 }}",
        "{{ today.nope() }}",
        "{% for i in range(10**9) %}{% endfor %}",
        "{{ 'a' + 1 }}",
    ],
)
def test_a_template_that_misbehaves_is_a_problem_never_a_crash(source):
    p = problem("x\n" + source)
    assert p.line == 2


@pytest.mark.parametrize(
    "typed",
    [
        "{{ 7*7 }}",
        "{% raw %}{{ x }}{% endraw %}",
        "{% for a in b %}",
        "{# gone? #}",
        "{{ candidate.__class__ }}",
        "}}{{",
        "{%",
    ],
)
def test_user_data_is_printed_as_typed_never_executed(typed):
    data = ctx(
        candidate=Record("candidate", {"name": typed, "email": typed}),
        people=[Record("person", {"name": typed})],
        note=typed,
    )
    out = render(
        "Subject: {{ note }}\n\n{{ candidate.name }}|{{ note }}|{{ people | andjoin }}", data
    )
    assert out.subject == typed
    assert out.body == f"{typed}|{typed}|{typed}\n"


def test_a_line_of_tags_only_leaves_nothing_but_text_lines_keep_their_break():
    source = (
        "{# description #}\n"
        "A\n"
        "{% if yes %}\n"
        "B{% if no %} hidden{% endif %}\n"
        "\n"
        "C {# inline comment #}\n"
        "  {% if no %}\n"
        "never\n"
        "  {% endif %}\n"
        "{% for p in people %}\n"
        "- {{ p.name }}\n"
        "{% endfor %}\n"
        "{% endif %}\n"
        "D"
    )
    assert render(source, ctx(yes=True, no=False)).body == "A\nB\n\nC\n- Ian\n- Jo\n- Kim\nD\n"


def test_error_lines_stay_right_below_vanishing_tag_lines():
    source = "{# c #}\n{% if yes %}\n{% if yes %}\nok\n{% endif %}\n{{ nope }}\n{% endif %}\n"
    assert problem(source, ctx(yes=True)).line == 6


def test_filters_are_english_and_locale_independent():
    data = ctx(when=datetime(2026, 11, 10, 14, 30), promise="link to my GitHub profile")
    out = render(
        "{{ today | longdate }}|{{ today | shortdate }}|{{ today | monthyear }}|"
        "{{ when | time }}|{{ when | longdate }}|{{ promise | capfirst }}|"
        "{{ people | andjoin }}|{{ people[:2] | andjoin }}|{{ people[:1] | andjoin }}",
        data,
    )
    assert out.body == (
        "Tuesday 10 November 2026|10 November|November 2026|14:30|Tuesday 10 November 2026|"
        "Link to my GitHub profile|Ian, Jo and Kim|Ian and Jo|Ian\n"
    )


def test_a_date_filter_on_an_absent_date_names_it():
    data = ctx(reply_expected_by=Absent("reply_expected_by", "no reply date was noted"))
    assert "no reply date was noted" in str(problem("{{ reply_expected_by | longdate }}", data))
    assert "needs a date" in str(problem("{{ candidate.name | longdate }}"))


def test_records_print_their_name_and_compare_by_value():
    a = Record("to", {"name": "Ian", "email": ""})
    b = Record("interviewer", {"name": "Ian", "email": ""})
    assert a == b and hash(a) == hash(b)
    assert render("{{ a }}|{{ a in people }}|{{ a in [b] }}", ctx(a=a, b=b)).body == (
        "Ian|False|True\n"
    )
    assert "group of fields" in str(problem("{{ r }}", ctx(r=Record("company", {"x": 1}))))


def test_describe_reads_the_first_comment():
    assert describe("{# Thank-you email — to HR #}\nSubject: x") == "Thank-you email — to HR"
    assert describe("Subject: x") == ""


def test_jinja_is_imported_only_when_a_template_is_rendered():
    code = (
        "import sys, followup_desktop.core.templating as t\n"
        "assert 'jinja2' not in sys.modules, 'imported at start-up'\n"
        "t.render('{{ 1 }}', {})\n"
        "assert 'jinja2' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
