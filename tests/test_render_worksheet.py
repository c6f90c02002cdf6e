"""The interactive worksheet (-f html --interactive): its steps, its quiz and its page, checked
in Python and in a real headless Chromium driven by selenium (Debian's chromium-driver)."""

from __future__ import annotations

import csv
import json
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from helpers import LECTURE, png_pixels, run

import tracer
from tracer import pipeline
from tracer.core import ops
from tracer.render import graph as draw
from tracer.render import worksheet

ROOT = Path(__file__).resolve().parent.parent
AT = "x1=3,x2=-4"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver") or ("/usr/bin/chromedriver"
                                          if Path("/usr/bin/chromedriver").exists() else None)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def page_data(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="tracer-data">(.*?)</script>', html,
                      re.S)
    assert found, "the page embeds its data"
    return json.loads(found[1])


def sheet(source: str = LECTURE, at: str = AT, mode: str = "reverse", **kw) -> str:
    t = tracer.trace(source, at=at)
    result = {"trace": lambda: t, "forward": t.forward, "reverse": t.reverse}[mode]()
    return result.to_html(interactive=True, **kw)


# --- what the steps are, worked out from the trace alone -----------------------------------------

def expected_steps(source: str, at: str, mode: str, sweep: bool = False) -> list[tuple]:
    """(table, row, phase, node, edges) for each step, from the trace's rows and their
    arguments: forward rows top to bottom with the edges into each row, then (reverse mode)
    the adjoints bottom to top with the edges out of each row, or a backward sweep's lines."""
    ev = pipeline.prepare(source, pipeline.parse_values(at))
    trace = ev.trace
    nid = draw.node_id
    into = {i: {f"{nid(a)}->{nid(i)}" for _, a in trace.row_args(i)}
            for i in range(1, trace.last + 1)}
    users = trace.users()
    out_of = {i: {f"{nid(i)}->{nid(u)}" for u, _ in users[trace.position(i)]}
              for i in trace.indices()}
    rows = [(i, False) for i in trace.indices()] + [(i, True) for _, i in trace.outputs]
    tables = 1 if mode != "forward" else trace.n
    steps = []
    for t in range(1, tables + 1):
        for r, (i, closing) in enumerate(rows):
            steps.append((t, r, "forward sweep", nid(i), set() if closing else into.get(i, set())))
        if mode == "reverse" and not sweep:
            for r, (i, closing) in reversed(list(enumerate(rows))):
                steps.append((t, r, "reverse sweep", nid(i), set() if closing else out_of[i]))
    if sweep:
        lines = [(i, set()) for _, i in trace.outputs]
        for i in range(trace.last, 0, -1):
            lines += [(j, {f"{nid(j)}->{nid(i)}"}) for _, j in trace.row_args(i)]
        steps += [(2, r, "reverse sweep", nid(j), e) for r, (j, e) in enumerate(lines)]
    return steps


@pytest.mark.parametrize("source, at, mode", [
    (LECTURE, AT, "reverse"), (LECTURE, AT, "forward"), (LECTURE, AT, "trace"),
    ("sin(x*y) + x*x", "x=1,y=2", "reverse"),
    ("y = x\nif x > 0:\n    y = y*x\nz = y + sin(x)", "x=2", "reverse"),
])
def test_steps_follow_the_sweeps(source, at, mode):
    data = page_data(sheet(source, at, mode))
    want = expected_steps(source, at, mode)
    got = [(s["phase"], s["node"], set(s["edges"])) for s in data["steps"]]
    assert got == [(phase, node, edges) for _, _, phase, node, edges in want]
    assert not data["quiz"] and data["answers"] == [] and data["csv"] is None


def test_the_backward_sweeps_lines_are_steps_each_on_its_edge():
    html = tracer.trace(LECTURE, at=AT).reverse().run
    from tracer import views
    from tracer.output import text_of

    page = text_of(html, "html", views.ViewOptions(sweep=True), interactive=True)
    got = [(s["phase"], s["node"], set(s["edges"])) for s in page_data(page)["steps"]]
    want = expected_steps(LECTURE, AT, "reverse", sweep=True)
    assert got == [(phase, node, edges) for _, _, phase, node, edges in want]


def test_each_cell_shows_at_its_step_and_a_decision_with_the_row_before_it():
    html = sheet("y = x\nif x > 0:\n    y = y*x\nz = y + sin(x)", "x=2")
    body = html[html.index("<tbody>"):]
    rows = re.findall(r"<tr( class=\"note\")?>(.*?)</tr>", body, re.S)
    steps = [[int(s) for s in re.findall(r'data-step="(\d+)"', body)] for _, body in rows[:8]]
    assert steps[0] == [1, 1, 10, 10]  # v₀: its primal first, its adjoint last
    note = next(k for k, (kind, _) in enumerate(rows) if kind)
    assert steps[note] == [min(steps[note - 1])]
    assert "if x &gt; 0: " in rows[note][1]


# --- the page -----------------------------------------------------------------------------------

def test_the_page_is_self_contained_small_and_runs_no_text_as_code():
    html = sheet(quiz="values")
    assert html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # nothing from the net
    assert "<script src" not in html and "@import" not in html and "<iframe" not in html
    script = worksheet.asset("worksheet.js")
    style = worksheet.asset("worksheet.css")
    for bad in ("eval(", "Function(", "setTimeout(\"", "setInterval(", "innerHTML",
                "document.write", "import("):
        assert bad not in script, bad
    assert len(script.encode()) < 12_000 and len(style.encode()) < 5_000
    assert len(html.encode()) < 60_000
    assert html.count("<script") == 2 and "</script" not in page_data(html).__repr__()


def test_the_graph_beside_the_table_has_no_values_and_names_its_roles():
    from html import unescape

    page = sheet()
    graph = unescape(page[page.index('<aside class="graph">'):page.index("</aside>")])
    assert "v₄ = v₃ - v₂" in graph and "-17.1" not in graph and "output y" in graph
    assert '<ul class="legend" aria-label="Legend">' in graph
    for role in ("input", "intermediate", "output"):
        assert f"</svg> {role}</li>" in graph


def test_without_graphviz_tracer_draws_the_graph_itself(monkeypatch):
    monkeypatch.setattr(draw.shutil, "which", lambda name: None)
    html = sheet()
    graph = html[html.index('<aside class="graph">'):]
    assert '<g class="edge"><title>vm1-&gt;v1</title>' in graph
    assert '<g class="node output"><title>v4</title>' in graph


def test_a_large_graph_is_left_out_with_a_note():
    source = " + ".join(f"sin(x*{k})" for k in range(1, 80))
    html = sheet(source, "x=0.5", "trace")
    assert "too many to draw beside the table" in html and "<svg" not in html
    trace = pipeline.prepare(source, {"x": 0.5}).trace
    assert trace.n + trace.last > worksheet.GRAPH_NODES
    assert len(page_data(html)["steps"]) == trace.n + trace.last + 1  # every row, and y


def test_only_trace_forward_and_reverse_are_worksheets(runner):
    t = tracer.trace(LECTURE, at=AT)
    with pytest.raises(tracer.TracerError, match="steps through a trace"):
        t.jacobian().to_html(interactive=True)
    refused = run(runner, "reverse", LECTURE, "--at", AT, "--interactive")
    assert refused.exit_code == 2 and "--interactive makes an HTML worksheet" in refused.stderr
    refused = run(runner, "reverse", LECTURE, "--at", AT, "--interactive", "-f", "latex")
    assert refused.exit_code == 2
    assert run(runner, "jacobian", LECTURE, "--at", AT, "--interactive").exit_code == 2


def test_the_command_line_and_the_api_write_the_same_page(runner, tmp_path):
    target = tmp_path / "sheet.html"
    result = run(runner, "reverse", LECTURE, "--at", AT, "--interactive", "--quiz", "-o",
                 str(target))
    assert result.exit_code == 0, result.stderr
    assert target.read_text(encoding="utf-8") == sheet(quiz="values")
    piped = run(runner, "trace", LECTURE, "--at", AT, "-f", "html", "--interactive")
    assert piped.stdout == sheet(mode="trace")


def test_a_quiz_embeds_the_key_and_the_quiz_csv(runner, tmp_path):
    quiz_csv = run(runner, "reverse", LECTURE, "--at", AT, "--quiz", "-f", "csv").stdout
    key_csv = run(runner, "reverse", LECTURE, "--at", AT, "-f", "csv").stdout
    data = page_data(sheet(quiz="values"))
    assert data["quiz"] and data["csv"] == list(csv.reader(quiz_csv.splitlines()))
    key = list(csv.reader(key_csv.splitlines()))
    assert len(data["answers"]) == 11
    for answer in data["answers"]:
        line, column = answer["at"]
        assert data["csv"][line][column] == ""  # a blank of the quiz …
        assert data["csv"][0][column].endswith(" value")  # … in a column grade reads
        assert answer["key"] == pytest.approx(float(key[line][column]))  # … the key's value


@pytest.mark.parametrize("args", [["--sweep"], ["--exact"], ["--sweep", "--exact"]])
def test_every_answer_has_its_place_in_the_quiz_csv(runner, tmp_path, args):
    """The download writes each answer where the page says (as the page's script does):
    filled with the key's numbers, the file grades all right. A --sweep quiz put its sweep
    answers in the columns of the tables before it (Backward Sweep's in Forward Primal
    Trace value), an --exact quiz left its exact columns blank."""
    page, key = tmp_path / "quiz.html", tmp_path / "key.csv"
    made = run(runner, "reverse", LECTURE, "--at", AT, *args, "--interactive", "--quiz", "-o",
               str(page), "--answers", str(key))
    assert made.exit_code == 0, made.stderr
    data = page_data(page.read_text(encoding="utf-8"))
    grid = data["csv"]
    for answer in data["answers"]:
        line, column = answer["at"]
        grid[line][column] = repr(answer["key"])
        if answer["exact"] is not None:
            grid[line][answer["exact"]] = repr(answer["key"])
    filled = tmp_path / "answers.csv"
    with filled.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(grid)
    graded = run(runner, "grade", str(filled), "--against", str(key), "-f", "json")
    report = json.loads(graded.stdout)
    assert [m for m in report["marks"] if m["status"] != "right"] == []
    assert graded.exit_code == 0
    if "--sweep" in args:
        places = {grid[0][a["at"][1]] for a in data["answers"]}
        assert places == {"Forward Primal Trace value", "Backward Sweep value",
                          "Adjoint So Far value"}


def test_the_rules_quiz_keeps_its_steps_on_the_keys_nodes():
    plain = page_data(sheet(quiz="values"))["steps"]
    assert page_data(sheet(quiz="rules"))["steps"] == plain


# --- in a real browser --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed "
                                    "(pip install -e '.[test]')")
    if CHROMIUM is None or DRIVER is None:
        pytest.skip("Chromium or chromedriver is not installed (.ci/run installs Debian's "
                    "chromium and chromium-driver)")
    from selenium.webdriver.chrome.service import Service

    downloads = tempfile.mkdtemp(prefix="tracer-downloads-")
    profile = tempfile.mkdtemp(prefix="tracer-chromium-")
    options = webdriver.ChromeOptions()
    for flag in [*FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    options.binary_location = CHROMIUM
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_window_size(1280, 900)
    driver.execute_cdp_cmd("Page.setDownloadBehavior",
                           {"behavior": "allow", "downloadPath": downloads})
    driver.downloads = Path(downloads)
    yield driver
    driver.quit()
    shutil.rmtree(downloads, ignore_errors=True)
    shutil.rmtree(profile, ignore_errors=True)  # each run's browser profile, not left in /tmp


def open_page(driver, html: str, tmp_path: Path, name: str = "sheet.html", width: int = 1280):
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})
    driver.get_log("browser")  # what an earlier page logged is not this page's
    driver.get(path.as_uri())
    return driver


def severe(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def where(driver) -> tuple:
    """What the page marks now: the status line, the current row (table, position), the lit
    node and the lit edges."""
    return tuple(driver.execute_script("""
      const row = document.querySelector("tr.current-row");
      const table = row && row.closest("table");
      const rows = table ? [...table.querySelectorAll("tbody tr:not(.note)")] : [];
      const lit = [...document.querySelectorAll(".graph g.lit")];
      const title = (g) => g.querySelector("title").textContent.trim();
      return [document.getElementById("status").textContent,
              document.querySelectorAll("tr.current-row").length,
              table ? Number(table.id.split("-")[1]) : null, rows.indexOf(row),
              lit.filter((g) => g.classList.contains("node")).map(title),
              lit.filter((g) => g.classList.contains("edge")).map(title).sort()];"""))


@pytest.mark.parametrize("graphviz", [True, False])
@pytest.mark.parametrize("source, at", [(LECTURE, AT), ("sin(x*y) + x*x", "x=1,y=2")])
def test_next_walks_the_whole_reverse_sweep(browser, tmp_path, monkeypatch, graphviz, source,
                                            at):
    from selenium.webdriver.common.by import By

    if not graphviz:
        monkeypatch.setattr(draw.shutil, "which", lambda name: None)
    elif shutil.which("dot") is None:
        pytest.skip("Graphviz is not installed")
    open_page(browser, sheet(source, at), tmp_path)
    steps = expected_steps(source, at, "reverse")
    assert where(browser)[:2] == (f"Step 0 of {len(steps)}: press Next (or →) to start.", 0)
    hidden = browser.find_elements(By.CSS_SELECTOR, "tbody td[data-step]")
    assert hidden and not any(td.is_displayed() for td in hidden)
    for k, (table, row, phase, node, edges) in enumerate(steps, start=1):
        browser.find_element(By.ID, "next").click()
        status, current, shown_table, shown_row, nodes, lit = where(browser)
        assert status.startswith(f"Step {k} of {len(steps)}: {phase}, ")
        assert (current, shown_table, shown_row) == (1, table, row)
        assert nodes == [node] and set(lit) == edges, (k, nodes, lit)
        cells = browser.find_elements(By.CSS_SELECTOR, f'td[data-step="{k}"]')
        assert cells and all(td.is_displayed() for td in cells)
        later = browser.find_elements(By.CSS_SELECTOR, f'td[data-step="{k + 1}"]')
        assert not any(td.is_displayed() for td in later)
    browser.find_element(By.ID, "next").click()  # past the end: it stays
    assert where(browser)[0].startswith(f"Step {len(steps)} of")
    browser.find_element(By.ID, "prev").click()
    assert where(browser)[0].startswith(f"Step {len(steps) - 1} of")
    assert browser.current_url.endswith(f"#step={len(steps) - 1}")
    assert severe(browser) == []


def test_the_keyboard_alone_drives_it_and_a_link_opens_a_step(browser, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_page(browser, sheet(), tmp_path)
    keys = ActionChains(browser)
    keys.send_keys(Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_LEFT)
    keys.perform()
    assert where(browser)[0].startswith("Step 2 of 14: forward sweep, v₀")
    focused = browser.find_element(By.ID, "first")
    focused.send_keys(Keys.TAB)  # from « Start to ◀ Previous to Next ▶
    browser.switch_to.active_element.send_keys(Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("id") == "next"
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    browser.switch_to.active_element.send_keys(Keys.SPACE)
    assert where(browser)[0].startswith("Step 4 of 14")
    browser.get((tmp_path / "sheet.html").as_uri() + "#step=10")  # the address names a step
    status, _, table, row, nodes, lit = where(browser)
    assert status == "Step 10 of 14: reverse sweep, v̄₃" and (table, row) == (1, 4)
    assert nodes == ["v3"] and lit == ["v3->v4"]
    assert severe(browser) == []


def test_readable_at_400_pixels(browser, tmp_path):
    from selenium.webdriver.common.by import By

    open_page(browser, sheet(quiz="values"), tmp_path, width=400)
    page_width, scroll_width = browser.execute_script(
        "return [window.innerWidth, document.documentElement.scrollWidth]")
    assert page_width == 400 and scroll_width <= page_width  # only the table scrolls sideways
    graph = browser.find_element(By.CSS_SELECTOR, ".graph svg").rect
    table = browser.find_element(By.CSS_SELECTOR, "table.steps").rect
    assert graph["y"] > table["y"] and graph["width"] <= 400  # the graph goes under the table
    font = browser.execute_script(
        "return parseFloat(getComputedStyle(document.querySelector('td')).fontSize)")
    assert font >= 14
    for place in ("0", "document.body.scrollHeight / 2", "document.body.scrollHeight"):
        browser.execute_script(f"window.scrollTo(0, {place})")  # the buttons stay at hand
        top, bottom, height = browser.execute_script(
            "const r = document.getElementById('next').getBoundingClientRect();"
            "return [r.top, r.bottom, window.innerHeight];")
        assert top >= 0 and bottom <= height
        browser.find_element(By.ID, "next").click()
    assert where(browser)[0].startswith("Step 3 of 14")
    assert severe(browser) == []


@pytest.mark.parametrize("width, quiz", [(400, None), (400, "values"), (1280, None)])
def test_the_current_row_stays_in_sight_of_the_bars(browser, tmp_path, width, quiz):
    """After every Next (and then every Previous) the current row is on screen and clear of
    the bars that stay on it: the step buttons fixed at the foot of a phone's screen, the
    sticky bar at the top of a wider one."""
    net = (ROOT / "examples" / "nn-backprop.txt").read_text()
    t = tracer.trace(net)
    open_page(browser, t.reverse().to_html(interactive=True, quiz=quiz), tmp_path,
              width=width)
    seen = """
      const row = document.querySelector("tr.current-row").getBoundingClientRect();
      const foot = document.querySelector(".controls"), top = document.querySelector(".bar");
      const fixed = getComputedStyle(foot).position === "fixed";
      const above = getComputedStyle(top).position === "sticky" ?
        top.getBoundingClientRect().bottom : 0;
      const below = fixed ? foot.getBoundingClientRect().top : window.innerHeight;
      return [row.top >= above - 1 && row.bottom <= below + 1, row.top, row.bottom, above,
              below];"""
    for press in ["next"] * 40 + ["prev"] * 30:
        browser.find_element("id", press).click()
        shown = browser.execute_script(seen)
        assert shown[0], (press, where(browser)[0], shown)
    assert severe(browser) == []


def type_answers(driver, answers: dict[tuple[int, int], str]) -> None:
    """Type into the blank at (row, column) of the first table, each answer with Enter."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    rows = driver.find_elements(By.CSS_SELECTOR, "table.steps tbody tr")
    for (r, c), text in answers.items():
        field = rows[r].find_elements(By.TAG_NAME, "td")[c].find_element(By.TAG_NAME, "input")
        field.send_keys(text + Keys.ENTER)


def test_a_quiz_marks_answers_in_place_and_grade_agrees(browser, tmp_path, runner):
    from selenium.webdriver.common.by import By

    html = tmp_path / "quiz.html"
    key = tmp_path / "key.csv"
    made = run(runner, "reverse", LECTURE, "--at", AT, "--interactive", "--quiz", "-o",
               str(html), "--answers", str(key))
    assert made.exit_code == 0, made.stderr
    open_page(browser, html.read_text(encoding="utf-8"), tmp_path)
    fields = browser.find_elements(By.CSS_SELECTOR, "input.answer")
    assert len(fields) == 11
    # (row, column): rows are v₋₁ v₀ v₁ v₂ v₃ v₄ y; column 1 is the primal's value, 3 the adjoint's
    answers = {
        (0, 3): "1/3*(-1) + 1*(-4)",  # -13/3, as the lecture's rule writes it: right
        (1, 3): "4",  # right
        (2, 1): "-12",  # right
        (3, 1): "ln(3)",  # right
        (4, 1): "−16",  # a Unicode minus, copied from the table: right
        (5, 1): "-17",  # wrong: -17.0986
        (2, 3): "2",  # wrong
        (6, 1): "-4.333",  # wrong
        (3, 3): "2x",  # unreadable
    }
    type_answers(browser, answers)
    marks = {m.get_attribute("id"): m.text for m in browser.find_elements(By.CSS_SELECTOR,
                                                                          ".mark")}
    words = sorted(marks.values())
    assert words.count("✓ right") == 5 and words.count("✗ wrong") == 3
    assert words.count("? not a number I can read") == 1 and words.count("") == 2
    assert browser.find_element(By.ID, "score").text == "Score: 5 of 11 right, 4 wrong, 2 to do"
    wrong = browser.find_elements(By.CSS_SELECTOR, 'input[aria-invalid="true"]')
    assert len(wrong) == 4
    # the fields run row by row; Enter in the last one typed (v̄₂, the sixth) moved on
    assert browser.switch_to.active_element.get_attribute("id") == "answer-6"
    keys = browser.find_elements(By.CSS_SELECTOR, ".key")
    assert not any(k.is_displayed() for k in keys)
    browser.find_element(By.ID, "reveal").click()
    assert all(k.is_displayed() for k in keys) and "= -12" in keys[2].text
    assert browser.find_element(By.ID, "reveal").get_attribute("aria-pressed") == "true"
    assert browser.find_element(By.ID, "score").text.endswith("(answers revealed)")

    submitted = download_answers(browser, tmp_path)
    graded = run(runner, "grade", str(submitted), "--against", str(key), "-f", "json")
    assert graded.exit_code == 1, graded.stderr
    report = json.loads(graded.stdout)
    statuses = [m["status"] for m in report["marks"]]
    assert statuses.count("right") == 5 + 3  # the five, and the given x₁, x₂ and ȳ
    assert statuses.count("wrong") == 3 and statuses.count("unreadable") == 1
    assert statuses.count("missing") == 2
    assert severe(browser) == []


def download_answers(browser, tmp_path: Path) -> Path:
    """Press "Download my answers (CSV)" and return the file the browser wrote."""
    import time

    from selenium.webdriver.common.by import By

    for old in browser.downloads.glob("*"):
        old.unlink()
    browser.find_element(By.ID, "download").click()
    download = browser.downloads / "answers.csv"
    for _ in range(100):  # the browser writes it in the background
        if download.exists() and download.stat().st_size:
            break
        time.sleep(0.05)
    submitted = tmp_path / "answers.csv"
    shutil.copy(download, submitted)
    return submitted


def test_an_exact_quizs_answers_fill_the_exact_columns_too(browser, tmp_path, runner):
    """An --exact quiz asks for each value's exact form (the CSV's … exact columns): the
    page wrote the answer into the value column alone, so grade marked every exact cell
    missing; √(2) typed on the page now fills both."""
    html = tmp_path / "quiz.html"
    key = tmp_path / "key.csv"
    made = run(runner, "reverse", "sqrt(x1)*x2", "--at", "x1=2,x2=3", "--exact",
               "--interactive", "--quiz", "-o", str(html), "--answers", str(key))
    assert made.exit_code == 0, made.stderr
    data = page_data(html.read_text(encoding="utf-8"))
    assert len(data["answers"]) == 7
    for answer in data["answers"]:  # the exact column is the value column's neighbour
        line, column = answer["at"]
        assert data["csv"][line][answer["exact"]] == ""  # a blank of the quiz
        assert data["csv"][0][column].endswith(" value")
        assert data["csv"][0][answer["exact"]] == data["csv"][0][column][:-5] + "exact"
    open_page(browser, html.read_text(encoding="utf-8"), tmp_path)
    # rows v₋₁ v₀ v₁ v₂ y; column 1 is the primal's value, 3 the adjoint's
    type_answers(browser, {
        (0, 3): "3 √(2)/4", (1, 3): "√(2)", (2, 1): "√(2)", (2, 3): "3",
        (3, 1): "3 √(2)", (3, 3): "1",
        (4, 1): "4.243",  # the value to 4 digits: right as a value, not as an exact form
    })
    from selenium.webdriver.common.by import By

    marks = [m.text for m in browser.find_elements(By.CSS_SELECTOR, ".mark")]
    # the page marks as grade does: the decimal is not the exact form asked for
    assert marks == ["✓ right"] * 6 + ["≈ right as a decimal, but the exact form is asked"]
    assert browser.find_element(By.ID, "score").text == "Score: 6 of 7 right, 1 wrong, 0 to do"
    assert len(browser.find_elements(By.CSS_SELECTOR, 'input[aria-invalid="true"]')) == 1
    graded = run(runner, "grade", str(download_answers(browser, tmp_path)), "--against",
                 str(key), "-f", "json")
    report = json.loads(graded.stdout)
    exact = [(m["status"], m["submitted"]) for m in report["marks"]
             if m["cell"].endswith(" exact")]
    assert len(exact) == 10 and exact.count(("wrong", "4.243")) == 1, exact
    assert [s for s, _ in exact].count("right") == 9
    assert ("right", "3*sqrt(2)/4") in exact and ("right", "sqrt(2)") in exact
    statuses = [m["status"] for m in report["marks"]]
    assert statuses.count("wrong") == 1 and "missing" not in statuses, report["marks"]
    assert graded.exit_code == 1, graded.stderr
    assert severe(browser) == []


def test_the_pages_tolerances_are_grades():
    """The page marks an answer as tracer grade will: a value to within grade's default
    tolerance, an exact form to within rounding only."""
    import inspect

    from tracer.teaching import grade

    defaults = inspect.signature(grade.grade).parameters
    assert (defaults["rel_tol"].default, defaults["abs_tol"].default) == worksheet.TOLERANCE
    assert worksheet.EXACT_TOLERANCE == (grade.EXACT_REL, grade.EXACT_ABS)
    data = page_data(sheet(quiz="values"))
    assert data["tolerance"] == [1e-3, 1e-6] and data["exact_tolerance"] == [1e-12, 0.0]
    assert all(a["exact"] is None for a in data["answers"])  # not an exact quiz


def test_a_forward_quiz_over_two_passes_checks_every_table(browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_page(browser, sheet(mode="forward", quiz="values"), tmp_path)
    tables = browser.find_elements(By.CSS_SELECTOR, "table.steps")
    assert len(tables) == 2
    ev = pipeline.prepare(LECTURE, {"x1": 3, "x2": -4})
    run_ = pipeline.run_forward(ev)
    for table, p in zip(tables, run_.passes, strict=True):
        rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
        field = rows[4].find_elements(By.TAG_NAME, "td")[3].find_element(By.TAG_NAME, "input")
        field.send_keys(repr(p.column[ev.trace.position(3)]) + Keys.ENTER)
    marks = [m.text for m in browser.find_elements(By.CSS_SELECTOR, ".mark") if m.text]
    assert marks == ["✓ right", "✓ right"]
    assert severe(browser) == []


# --- the README's picture -----------------------------------------------------------------------

def test_readme_picture_is_made_by_the_commands_it_shows(browser, runner, tmp_path,
                                                         monkeypatch):
    """The worksheet's screenshot in docs/ comes from the two commands the README shows
    (tracer, then headless Chromium); running them again gives a picture of the same size."""
    import shlex
    import subprocess

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## An interactive worksheet", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.+?)\n```", section, re.S)
    assert block
    make, shoot = block[1].splitlines()
    assert '<img src="docs/worksheet.png"' in section
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    assert run(runner, *shlex.split(make)[1:]).exit_code == 0
    words = shlex.split(shoot.replace("$PWD", str(tmp_path)))
    assert words[0] == "chromium" and "--screenshot=docs/worksheet.png" in words
    words[0] = CHROMIUM
    words[1:1] = [*FLAGS[1:], f"--user-data-dir={tmp_path / 'profile'}"]
    subprocess.run(words, capture_output=True, timeout=120, check=True)
    fresh = (tmp_path / "docs" / "worksheet.png").read_bytes()
    committed = (ROOT / "docs" / "worksheet.png").read_bytes()
    (width, height, now), (*size, then) = png_pixels(fresh), png_pixels(committed)
    assert (width, height) == tuple(size)
    # and it shows the same page: a picture left from an older notation or layout differs in
    # far more than a font's antialiasing (the one before the × notation: 14% of its pixels)
    changed = sum(a != b for new, old in zip(now, then, strict=True)
                  for a, b in zip(new, old, strict=True))
    assert changed <= 0.01 * width * height, "docs/worksheet.png is older than the page"


def random_expressions(count: int, seed: int = 12) -> list[str]:
    """Expressions as a student might type them: numbers in every spelling, constants, unary
    signs, the operators, parentheses and every function of the formula syntax."""
    import random

    rng = random.Random(seed)
    ones = sorted(n for n, fs in ops.FUNCTIONS.items() if any(f.arity == 1 for f in fs))
    twos = sorted(n for n, fs in ops.FUNCTIONS.items() if any(f.arity == 2 for f in fs))

    def number() -> str:
        return rng.choice([str(rng.randint(0, 20)), f"{rng.uniform(0, 10):.3f}",
                           f"{rng.uniform(0, 9):.2f}e{rng.randint(-3, 3)}",
                           f".{rng.randint(1, 99)}", "pi", "e", "0"])

    def expr(depth: int) -> str:
        if depth <= 0 or rng.random() < 0.25:
            return number()
        kind = rng.randrange(6)
        if kind == 0:
            return f"-{expr(depth - 1)}"
        if kind == 1:
            return f"{rng.choice(ones)}({expr(depth - 1)})"
        if kind == 2:
            return f"{rng.choice(twos)}({expr(depth - 1)}, {expr(depth - 1)})"
        if kind == 3:
            return f"({expr(depth - 1)})"
        op = rng.choice(["+", "-", "*", "/", "^", "**", " + ", " * "])
        return f"{expr(depth - 1)}{op}{expr(depth - 1)}"

    plain = ["-13/3", "1_000.5", "1e400", "-inf", "nan", "5.", "+.5", "2x", "x", "1/0",
             "sqrt(-1)", "log(0)", "2^-1", "-2^2", "2^3^2", "((1)", "1)", "", "constructor",
             "__proto__", "toString(1)", "eval(1)", "exp(800)", "softplus(800)", "log(8, 2)",
             "max(1, 2, 3)", "min(4, 2, 3)", "max(1, -2, 3, 4.5)", "min(1, max(2, 3, 0), 7)",
             "max(1, 2, log(0))", "sin()", "1,5", "e1", "pi2", "--3", "+-3", "3 4",
             # as the tables print numbers, which a student copies
             "√(2)", "√2", "√ 2.25", "√.25", "√π", "1/3 + √(2)/4", "2√2", "√", "√(", "√-4",
             "2 × 3", "2·3", "−1/9", "6 ÷ 4", "√x", "√2.5.5", "√θ",
             # products printed without their sign
             "3 √(2)", "1/(2 √(2))", "9 √(2)/64 - 3/8", "3√2", "2 π", "(1 + 2)(3)", "2e",
             "2 sin(1)", "2.5e-3 x", "log2(8)", "1e5e",
             # the textbook functions at their conventions and the ends of their domains
             "cbrt(-8)", "cbrt(0)", "exp2(10)", "exp2(2000)", "acot(0)", "acot(-1)",
             "arccot(1e20)", "asec(0.5)", "asec(-2)", "acsc(0)", "arccsc(1)", "sech(1000)",
             "csch(0)", "csch(-2)", "coth(0)", "coth(1e-320)", "exp(-1000)", "2^-2000"]
    return plain + [expr(rng.randint(1, 4)) for _ in range(count)]


def test_the_pages_reader_agrees_with_grades(browser, tmp_path):
    """The page's expression reader and tracer grade's (tracer's own parser) read the same
    text as the same number, or both refuse it."""
    import math

    from tracer.teaching.grade import read_number

    open_page(browser, sheet(), tmp_path)
    texts = random_expressions(400)
    theirs = browser.execute_script("return arguments[0].map((t) => { const v = tracerRead(t);"
                                    " return v === null ? null : String(v); });", texts)
    assert len(theirs) == len(texts)

    def agree(ours: float | None, page: float | None) -> bool:
        if ours is None or page is None:
            return ours is None and page is None
        if math.isnan(ours) or math.isinf(ours):
            return str(ours) == str(page)
        return math.isclose(ours, page, rel_tol=1e-6, abs_tol=1e-6)

    differ = [(text, read_number(text), page) for text, page in zip(texts, theirs, strict=True)
              if not agree(read_number(text), None if page is None else float(page))]
    assert differ == [], "\n".join(map(repr, differ))
    assert severe(browser) == []


def test_the_pages_reader_reads_max_of_several_as_the_language_does():
    """The functions tracer's language reads with more arguments than their op's two, pair by
    pair (max(a, b, c) is max(max(a, b), c)), are the ones the page's reader chains."""
    from tracer.core import arrays

    script = (Path(worksheet.__file__).parent / "worksheet.js").read_text()
    chained = set(re.findall(r'"(\w+)"', re.search(r"SEVERAL = new Set\(\[(.*?)\]\)",
                                                    script).group(1)))
    several = {name for name, fn in arrays.FUNCTIONS.items()
               if 3 in fn.arities and 2 in ops.arities(name)}
    assert chained == several == {"max", "min"}


def test_the_pages_reader_reads_every_function_of_the_op_table(browser, tmp_path):
    """Every constant and function tracer's parser reads, the page's reader reads too (from
    the op table, not a list of its own), to the float tracer computes, far out as well."""
    import math

    from tracer.teaching.grade import read_number

    open_page(browser, sheet(), tmp_path)
    points = ["0.3", "-1.7", "2.5", "6", "-25", "1e-9"]
    texts = [name for name in ops.CONSTANTS]
    for name, fs in ops.FUNCTIONS.items():
        for f in fs:
            texts += [f"{name}({', '.join([p, '0.7'][:f.arity])})" for p in points]
    theirs = browser.execute_script("return arguments[0].map((t) => tracerRead(t));", texts)
    differ = []
    for text, page in zip(texts, theirs, strict=True):
        ours = read_number(text)
        if (ours is None) != (page is None) or (
                ours is not None and not math.isclose(ours, page, rel_tol=1e-12, abs_tol=1e-300)):
            differ.append((text, ours, page))
    assert differ == [], "\n".join(map(repr, differ))
    assert any(t.startswith("erfc(") for t in texts)


def test_a_worksheet_of_more_rows_than_one_steps_through_is_refused_up_front(runner):
    """A 20,000-step loop (40,001 rows) took 8 s and wrote 60 MB nobody steps through."""
    program = "s = x\nfor i in range(2600):\n    s = sin(s) + x\ny = s"
    result = run(runner, "reverse", program, "--at", "x=0.5", "--interactive", "-f", "html")
    assert result.exit_code == 1 and "this trace has 5,201 rows and 2,600 decisions, a line " \
        "each (a worksheet takes at most 5,000)" in result.stderr
    assert run(runner, "reverse", program, "--at", "x=0.5", "-f", "html").exit_code == 0
    # a loop that adds no row: 10^5 decisions made a 17.7 MB page in 5 s
    swap = "a = x\nb = 2*x\nfor i in range(100000):\n    a, b = b, a\ny = a*b"
    result = run(runner, "trace", swap, "--at", "x=1", "--interactive", "-f", "html")
    assert result.exit_code == 1 and "this trace has 3 rows and 100,000 decisions, a line each" \
        in result.stderr
