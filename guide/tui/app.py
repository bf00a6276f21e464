"""The chat app: a Session's replies as a scrolling conversation, matching off the UI thread.

``GuideApp(engine)`` for tests that build their own guide; ``run_app(path, watch)`` for the CLI.
``GuideApp(..., local_files=False)`` never reads or writes the disk of the machine it runs on
for the reader (for serving the chat to others): no transcript files, no kept conversations or
their setting, no screenshots, no remembered opening screen. On Textual's web driver (guide
serve) the same holds whatever the flag says, and ctrl+s hands the transcript to the browser as
a download. An UnansweredLog passed in is the caller's (the operator's) own opt-in and is kept.

The core (matcher, safety check) is imported only when needed: with a remembered opening
(guide.tui.opening) the first frame is drawn before the guide is loaded, and messages sent
meanwhile wait their turn.
"""

from __future__ import annotations

import gc
import io
import sys
from collections import deque
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal, NamedTuple

from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from guide.paths import default_guide
from guide.reply import Citation, Reply, ReplyBlock, Suggestion
from guide.source_noun import DEFAULT as DEFAULT_NOUN
from guide.source_noun import worded
from guide.terminal import safe_for_terminal
from guide.tui.messages import CitationOpened, SourceOpened, SuggestionChosen
from guide.tui.transcript import DEFAULT_NAME, Transcript
from guide.tui.widgets.blocks import GuideFacts
from guide.tui.widgets.chat_input import ChatInput
from guide.tui.widgets.footer import GuideFooter
from guide.tui.widgets.header import HeaderBar
from guide.tui.widgets.links import CitationLink, SuggestionLink
from guide.tui.widgets.log import MAX_TURNS, ChatLog
from guide.tui.widgets.turns import GuideTurn, Thinking, UserTurn
from guide.tui.wording import word_bindings

if TYPE_CHECKING:
    from guide.authoring.review import UnansweredLog
    from guide.conversation import Engine, Session
    from guide.problems import Problem
    from guide.sources import Source
    from guide.tui.opening import Opening
    from guide.tui.reload import GuideWatcher, Loaded
    from guide.tui.widgets.article import ArticlePanel
    from guide.tui.widgets.find import FindBar
    from guide.tui.widgets.problems import ProblemsPanel

THINKING_DELAY = 0.1  # seconds before a slow reply shows the reader's message and "thinking…"
IDLE_COLLECT_DELAY = 0.2  # seconds after a reply is shown
WATCH_INTERVAL = 1.0  # seconds between checks of the guide's files with --watch
WIDE = 140  # columns from which the article sits beside the chat
DARK, LIGHT = "textual-dark", "textual-light"
ERROR_TEXT = "Something went wrong on my side while answering that. Please try again, or rephrase it."
ScrollTo = Literal["page_up", "page_down", "home", "end"]


class Pending(NamedTuple):
    """Something the reader sent, waiting for its turn: replies come one at a time, in order."""

    kind: Literal["text", "number", "suggestion", "topic"]
    text: str = ""
    number: int = 0
    suggestion: Suggestion | None = None
    node: str = ""


SHORT = 22  # rows below which the input is one line without its frame
NARROW = 80  # columns below which the "kept" indicator is cut short


class MainArea(Horizontal):
    """The chat column, and the article beside it on wide terminals."""

    def on_resize(self, event: events.Resize) -> None:
        app = self.app
        if isinstance(app, GuideApp):
            app.fit()
            app.call_after_refresh(app.arrange_article)


class GuideApp(App[int]):
    """Ask about an article in your own words; read its own sentences, with their sources."""

    CSS_PATH = "guide.tcss"
    TITLE = "guide"
    COMMANDS: ClassVar = {lambda: guide_commands()}  # imported when the palette first opens
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", tooltip="Keys, commands and where to find support", id="help"),
        Binding("ctrl+p", "command_palette", "Topics", priority=True, id="topics",
                tooltip="Jump to any topic by its title; every command is there too"),
        Binding("ctrl+f", "find", "Find", tooltip="Find text in the conversation (or the article)", id="find"),
        Binding("f2", "toggle_article", "Article", id="article",
                tooltip="The article: beside the chat on a wide terminal (show or hide), else full screen"),
        Binding("1", "choose(1)", "Choose", key_display="1-9", id="choose",
                tooltip="Follow the latest suggestion with this number (in the input: the number, then enter)"),
        *(Binding(str(n), f"choose({n})", f"Choose {n}", show=False) for n in range(2, 10)),
        Binding("ctrl+b", "back", "Back", tooltip="Go back to the previous topic", id="back"),
        Binding("ctrl+r", "restart", "Restart", tooltip="Start over: the conversation from the beginning",
                id="restart"),
        Binding("ctrl+s", "save", "Save", tooltip="Save the conversation as Markdown", id="save"),
        Binding("ctrl+t", "toggle_theme", "Theme", tooltip="Switch between light and dark", id="theme"),
        Binding("escape", "focus_input", "Type", tooltip="Back to the input line", id="type", show=False),
        Binding("ctrl+q", "quit", "Quit", tooltip="Leave the guide", priority=True, id="quit"),
    ]

    def __init__(self, engine: Engine | None = None, *, guide_path: str | Path | None = None, watch: bool = False,
                 watch_interval: float = WATCH_INTERVAL, problems: Iterable[Problem] = (),
                 unanswered: UnansweredLog | None = None, local_files: bool = True,
                 kept_folder: Path | None = None, settings_file: Path | None = None,
                 opening: Opening | None = None) -> None:
        super().__init__()
        self.local_files = local_files  # False: nothing read or written on this machine's disk for the reader
        self.unanswered = unanswered  # only when whoever started the app opted in (--log-unanswered)
        self.kept_folder = kept_folder
        self.settings_file = settings_file
        self.guide_path = Path(guide_path) if guide_path else None
        self.startup_problems = tuple(problems)
        # With a remembered opening the guide loads after the first frame; else here, now.
        self.opening = opening if engine is None and not self.startup_problems else None
        if engine is None and not self.startup_problems and self.opening is None:
            from guide.tui.reload import load_engine

            loaded = load_engine(self.guide_path or default_guide(), checked=watch)
            engine, self.startup_problems = loaded.engine, loaded.problems
        self.loading = self.opening is not None
        self.engine = engine
        self.session: Session | None = None
        if engine is not None:
            from guide.conversation import Session

            self.session = Session(engine)
        self.facts = self._facts()
        self.transcript = Transcript(self.guide_title)
        self.started = datetime.now()
        self._pending: deque[Pending] = deque()
        self._replying = False  # a reply is being computed
        self._asked: UserTurn | None = None  # the reader's message, until it is on screen
        self._thinking: Thinking | None = None
        self.find_bar: FindBar | None = None  # made on the first ctrl+f
        self.latest_turn: GuideTurn | None = None  # the reply whose suggestions are live
        self._to_dim: list[GuideTurn] = []  # earlier replies whose suggestions are dimmed after the next frame
        self._thinking_timer: Timer | None = None
        self.topic = ""  # the title of the topic answered last, for the header
        self._typed = False  # the input holds text
        self._had_suggestions = False  # the latest reply offered suggestions
        self.keeping = False  # this conversation is kept on disk (the reader opted in)
        self.kept_path: Path | None = None
        self.article_wanted = True  # the reader has not hidden the article panel
        self.article_panel: ArticlePanel | None = None
        self._worded_for = DEFAULT_NOUN  # the noun the key bindings are worded in
        self.latest_citations: tuple[Citation, ...] = ()
        self.watch = watch
        self.watch_interval = watch_interval
        self.watcher: GuideWatcher | None = None
        self.theme = DARK

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Kept as attributes: a query for the input would walk the whole conversation on every reply.
        self.log_view = ChatLog(id="log", earlier_note="ctrl+s saves the whole conversation" if self.can_save
                                else "")
        # Sized for the terminal from the start: a class changed after the first layout would restyle.
        self.chat_input = ChatInput(placeholder="Ask in your own words", id="ask", select_on_focus=False,
                                    classes="-short" if self.size.height < SHORT else "")
        yield HeaderBar(id="header", classes="-narrow" if self.size.width < NARROW else "")
        with MainArea(id="main"), Vertical(id="chat"):
            with self.log_view:
                welcome = self.session.welcome() if self.session else self.opening.welcome if self.opening else None
                if welcome is not None:  # the welcome is part of the first frame
                    self.latest_turn = GuideTurn(welcome, self.facts, classes="-opening")
                    yield self.latest_turn
            with Horizontal(id="ask-row"):
                yield self.chat_input
        yield GuideFooter(id="footer")

    @property
    def sources(self) -> dict[str, Source]:
        return dict(self.engine.guide.sources) if self.engine else {}

    @property
    def guide_title(self) -> str:
        return self.engine.guide.title if self.engine else self.opening.title if self.opening else ""

    def _facts(self) -> GuideFacts:
        """What reply widgets show of the guide: from the loaded guide, else from the remembered opening."""
        if self.engine is not None:
            return GuideFacts(self.sources, resource_lines(), self.source_noun)
        if self.opening is not None:
            return GuideFacts(self.opening.sources, self.opening.resource_lines)
        return GuideFacts()

    @property
    def disk(self) -> bool:
        """Whether features that read or write this machine's disk for the reader are on."""
        return self.local_files and not self.is_web

    @property
    def can_save(self) -> bool:
        """ctrl+s: a file here, or a download in the browser."""
        return self.local_files or self.is_web

    @property
    def busy(self) -> bool:
        """A reply is being computed, or messages are waiting for theirs."""
        return self._replying or bool(self._pending)

    def fit(self) -> None:
        """Fit the terminal: a one-line input when it is short, a shorter header when narrow."""
        self.chat_input.set_class(self.size.height < SHORT, "-short")
        self.query_one(HeaderBar).set_class(self.size.width < NARROW, "-narrow")

    async def problems_panel(self) -> ProblemsPanel:
        """The author's panel of the guide's problems (made when first needed)."""
        from guide.tui.widgets.problems import ProblemsPanel

        panels = self.query(ProblemsPanel)
        if panels:
            return panels.first()
        panel = ProblemsPanel(id="problems")
        await self.mount(panel, after=self.query_one(HeaderBar))
        return panel

    async def on_mount(self) -> None:
        self.chat_input.focus()
        if self.startup_problems:
            (await self.problems_panel()).show_problems(
                self.startup_problems, running=self.engine is not None, loaded=self.engine is not None)
        if self.unanswered is not None:  # the reader opted in: say what is kept, and where, before anything
            await self.log_view.mount(Static(Content(self.unanswered.notice), id="log-notice"), before=0)
        if self.latest_turn is not None:  # the welcome
            self.transcript.add_reply(self.latest_turn.reply)
            self._replied(self.latest_turn.reply)
        self._show_header()
        if not self.loading:
            self._guide_ready()

    def on_ready(self) -> None:
        """The first frame is out: load the guide (with a remembered opening), then read the setting."""
        if self.loading:
            self._load_guide()
        if self.disk:
            self.call_after_refresh(self._read_keeping_setting)

    def _guide_ready(self) -> None:
        """The guide is loaded (or failed to): what waited for it can start."""
        # Everything loaded so far (Textual, the guide, the index) lives as long as the app: keep it
        # out of the collector's full passes, which otherwise stall a reply now and then (~100 ms).
        gc.freeze()
        gc.enable()  # (run_app turns it off while the app starts: nothing made then is garbage)
        if self.engine is not None and self.disk and self.opening is None and self.latest_turn is not None:
            self._keep_opening(self.latest_turn.reply)
        if self.watch and self.watcher is None:
            from guide.tui.reload import GuideWatcher, load_engine

            path = self.guide_path or default_guide()
            self.watcher = GuideWatcher(path)
            # Without a good guide, watch the files of what could be read so that a fix is noticed.
            self.watcher.watch(self.engine.guide if self.engine else load_engine(path).guide)
            self.set_interval(self.watch_interval, self.check_guide_files, name="watch")

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load_guide(self) -> None:
        """Load the guide the opening stands for, off the UI thread, and the real welcome with it."""
        from guide.conversation import Session
        from guide.tui.reload import load_engine

        loaded = load_engine(self.guide_path or default_guide())
        session = Session(loaded.engine) if loaded.engine is not None else None
        welcome = session.welcome() if session is not None else None
        resources = resource_lines() if session is not None else frozenset()
        self.call_from_thread(self._guide_loaded, loaded, session, welcome, resources)

    async def _guide_loaded(self, loaded: Loaded, session: Session | None, welcome: Reply | None,
                            resources: frozenset[str]) -> None:
        self.loading = False
        if loaded.engine is None or session is None or welcome is None:
            (await self.problems_panel()).show_problems(loaded.problems, running=False)
            if self._pending:
                self._pending.clear()
                self.notify("The guide could not be loaded, so nothing can be answered yet.", severity="error",
                            markup=False)
            self._guide_ready()
            return
        self.engine, self.session = loaded.engine, session
        self.facts = GuideFacts(self.sources, resources, self.source_noun)
        shown = self.latest_turn
        if shown is not None and shown.reply != welcome and not self.transcript.readers():
            # the remembered opening was not the guide's welcome after all: show the real one
            self.latest_turn = GuideTurn(welcome, self.facts, classes="-opening")
            await self.log_view.mount(self.latest_turn, before=shown)
            await shown.remove()
            self.transcript.turns[:1] = [welcome]
            self._replied(welcome)
            self.opening = None  # so that the right one is remembered
        self._show_header()
        self.refresh_bindings()
        self.arrange_article()
        self._guide_ready()
        self._next_turn()

    @work(thread=True, exclusive=True, group="opening", exit_on_error=False)
    def _keep_opening(self, welcome: Reply) -> None:
        """Remember the opening screen, so that the next start draws it before loading the guide."""
        from guide.dialog.files import GuideNotFound, find_manifest
        from guide.tui.opening import keep_opening, opening_of

        if self.engine is None:
            return
        try:
            root = find_manifest(self.guide_path or default_guide()).parent.resolve()
        except (GuideNotFound, OSError):
            return
        keep_opening(root, self.engine, opening_of(self.engine, welcome, self.facts.resource_lines))

    def _show_header(self) -> None:
        self.query_one(HeaderBar).show(self.guide_title or "guide", self.topic, self.keeping)
        if self.source_noun != self._worded_for:  # the guide (re)loaded: its word for its source
            self._worded_for = self.source_noun
            word_bindings(self, self.source_noun)
            if self.article_panel is not None:
                self.article_panel.border_title = worded("Article", self.source_noun)

    @property
    def source_noun(self) -> str:
        """What the guide calls its source in the app's own words (manifest `source_noun`)."""
        return self.engine.guide.source_noun if self.engine is not None else DEFAULT_NOUN

    # -- turns --------------------------------------------------------------------------------

    def ask(self, text: str) -> bool:
        """Send what the reader typed; a bare number is a choice among the latest suggestions."""
        return self._enqueue(Pending("text", text=text))

    def choose(self, suggestion: Suggestion) -> bool:
        """Follow a suggestion (a click on the latest reply's)."""
        return self._enqueue(Pending("suggestion", suggestion=suggestion))

    def go_to(self, node_id: str) -> bool:
        """Jump to a topic (command palette)."""
        if self.engine is None or node_id not in self.engine.guide.nodes:
            return False
        return self._enqueue(Pending("topic", node=node_id))

    def _enqueue(self, pending: Pending) -> bool:
        if self.session is None and not self.loading:
            self.bell()
            return False
        self._pending.append(pending)
        self._next_turn()
        if self._thinking is not None:
            self._thinking.waiting(len(self._pending))
        return True

    def _next_turn(self) -> None:
        """Start the reply to the oldest waiting message, unless one is being computed."""
        while self._pending and not self._replying and self.session is not None:
            turn = self._start(self._pending.popleft(), self.session)
            if turn is None:
                continue
            shown, text, step = turn
            self._replying = True
            self.transcript.add_reader(text, chosen=shown.chosen)
            # The reader's message goes on screen with the reply, in one layout pass; only if the
            # reply is slow does it go first, with a "thinking…" line.
            self._asked = shown
            self._thinking_timer = self.set_timer(THINKING_DELAY, self._show_thinking, name="thinking")
            self._respond(self.session, step)

    def _start(self, pending: Pending, session: Session) -> tuple[UserTurn, str, Callable[[Session], Reply]] | None:
        """What to show and what to ask the session, decided when the message's turn comes, so that a
        number always means one of the suggestions on screen then."""
        latest = session.last_suggestions
        if pending.kind in ("text", "number"):
            number = pending.number if pending.kind == "number" else whole_number(pending.text)
            if number is not None and 1 <= number <= len(latest):
                pending = Pending("suggestion", suggestion=latest[number - 1])
            elif pending.kind == "number":
                self.bell()
                return None
        if pending.kind == "suggestion" and pending.suggestion is not None:
            suggestion = pending.suggestion
            return (UserTurn(suggestion.label, chosen=True), suggestion.label,
                    lambda s: s.choose(suggestion))
        if pending.kind == "topic" and pending.node in session.guide.nodes:
            node, title = pending.node, session.guide.nodes[pending.node].title
            return UserTurn(title, chosen=True), title, lambda s: s.go_to(node)
        if pending.kind == "text":
            text = pending.text
            return UserTurn(text), text, lambda s: s.respond(text)
        return None

    def _show_thinking(self) -> None:
        if self._replying and self._asked is not None:
            self._thinking = Thinking(len(self._pending))
            self.log_view.mount_all([self._asked, self._thinking], before=self.log_view.end)
            self._asked = None
            self.log_view.anchor()

    @work(thread=True, group="turn", exit_on_error=False)
    def _respond(self, session: Session, step: Callable[[Session], Reply]) -> None:
        """Run the matcher off the UI thread; never let an exception reach the reader."""
        try:
            reply = step(session)
        except Exception as exc:  # a bug in the core must not close the reader's conversation
            self.log.error(f"reply failed: {exc!r}")
            reply = Reply("", "command", blocks=(ReplyBlock("say", ERROR_TEXT),),
                          suggestions=session.last_suggestions)
        if self.unanswered is not None:
            self.unanswered.record_turn(session, reply)  # never raises; file I/O stays off the UI thread
        self.call_from_thread(self._show_reply, reply)

    async def _show_reply(self, reply: Reply) -> None:
        log = self.log_view
        if self._thinking_timer is not None:
            self._thinking_timer.stop()
            self._thinking_timer = None
        turn = GuideTurn(reply, self.facts)
        find = self.find_bar
        if find is not None:
            find.suspend()  # its highlights come off the old texts before anything changes
        with self.batch_update():
            if self.latest_turn is not None:
                self.latest_turn.retire()
                self._to_dim.append(self.latest_turn)
            self.latest_turn = turn
            if self._thinking is not None:
                await self._thinking.remove()
                self._thinking = None
            asked, self._asked = self._asked, None
            await log.add([asked, turn] if asked else [turn])
            if asked is not None:
                log.anchor()  # from the reader's first message on, the log follows new replies
        self.transcript.add_reply(reply)
        self._replied(reply)
        self._replying = False
        await log.trim()
        if find is not None:
            find.refresh_matches()
        if self.keeping:
            self._keep()
        self.set_timer(IDLE_COLLECT_DELAY, self._collect_garbage, name="collect")
        if reply.command == "quit":
            self.exit(0)
            return
        self._next_turn()

    def _replied(self, reply: Reply) -> None:
        """Everything around the conversation that follows the latest reply."""
        start = self.engine.guide.start if self.engine else self.opening.start if self.opening else None
        if reply.kind == "answer" and reply.title and reply.node != start:
            self.topic = reply.title
        elif reply.command == "restart" or reply.kind == "safety":
            self.topic = ""  # (a topic's title above a reply about the reader's safety would jar)
        self._show_header()
        self.chat_input.hint(len(reply.suggestions), safety=reply.kind == "safety")
        if bool(reply.suggestions) != self._had_suggestions:
            self._had_suggestions = bool(reply.suggestions)
            self.refresh_bindings()  # "1-9 Choose" comes or goes with the suggestions (a footer layout each time)
        if reply.citations:
            self.latest_citations = reply.citations
            self.call_after_refresh(self._follow_in_panel)

    def _collect_garbage(self) -> None:
        """Collect while the reader reads, so the collector's full pass does not land inside a reply."""
        if not self.busy:
            gc.collect()

    @on(GuideTurn.LaidOut)
    def _reveal(self, event: GuideTurn.LaidOut) -> None:
        """Show a new reply from its beginning, with the question above it, when it is taller than the view.

        Otherwise the anchor keeps the log at its end, where the whole reply is.
        """
        turn, log = event.turn, self.log_view
        if turn.latest:  # the new reply is on screen: now dim the suggestions it replaced
            for old in self._to_dim:
                old.dim()
            self._to_dim.clear()
        if not turn.latest or not log.is_anchored or turn.outer_size.height < log.scrollable_content_region.height:
            return
        children = list(log.children)
        index = children.index(turn) if turn in children else -1
        asked = children[index - 1] if index > 0 and isinstance(children[index - 1], UserTurn) else None
        log.scroll_to_widget(asked or turn, top=True, animate=False)  # releases the anchor until the reader
        # scrolls back to the end, or asks again

    # -- messages from widgets ----------------------------------------------------------------

    def on_input_submitted(self, event: ChatInput.Submitted) -> None:
        if event.input is not self.chat_input:
            return
        event.stop()
        if event.value.strip() and not self.ask(event.value):
            self.chat_input.give_back(event.value)

    def on_input_changed(self, event: ChatInput.Changed) -> None:
        if event.input is not self.chat_input:
            return
        if bool(event.value) != self._typed and self.focused is not self.chat_input:
            self.refresh_bindings()  # number keys act only while the input is empty (the footer shows
        self._typed = bool(event.value)  # them only when the focus is elsewhere)

    @on(SuggestionChosen)
    def _suggestion_chosen(self, event: SuggestionChosen) -> None:
        self.choose(event.suggestion)

    @on(CitationOpened)
    def _citation_opened(self, event: CitationOpened) -> None:
        self.open_citation(event.citation)

    @on(SourceOpened)
    def _source_opened(self, event: SourceOpened) -> None:
        if self.engine and event.source_id in self.engine.guide.sources:
            self._push_viewer(self.engine.guide.sources[event.source_id])

    def on_find_bar_closed(self) -> None:
        self.chat_input.focus()

    def source_of(self, citation: Citation) -> Source | None:
        sources = self.engine.guide.sources if self.engine else {}
        return sources.get(citation.source_id) or next((s for s in sources.values() if s.title == citation.source),
                                                       None)

    def open_citation(self, citation: Citation) -> None:
        """Show the quoted passage in its source: in the panel beside the chat, or full screen."""
        source = self.source_of(citation)
        if source is None:
            self.notify("That source is no longer part of the guide.", severity="warning", markup=False)
            return
        if self.article_shown:
            self.call_later(self._show_in_panel, source, (citation,), True)
        else:
            self._push_viewer(source, citation)

    def _push_viewer(self, source: Source, citation: Citation | None = None) -> None:
        from guide.tui.screens.source import SourceScreen

        self.push_screen(SourceScreen(source, citation, self.source_noun))

    # -- the article beside the chat ------------------------------------------------------------

    @property
    def article_shown(self) -> bool:
        return self.article_panel is not None and self.article_panel.display

    def arrange_article(self) -> None:
        """Show the article panel on a wide terminal (unless hidden by the reader); hide it otherwise."""
        wide = self.size.width >= WIDE and self.engine is not None and bool(self.engine.guide.sources)
        if wide and self.article_wanted and self.article_panel is None:
            self.call_later(self._mount_panel)
        elif self.article_panel is not None:
            self.article_panel.display = wide and self.article_wanted
            if self.article_panel.display:
                self.call_after_refresh(self._follow_in_panel)

    async def _mount_panel(self) -> None:
        if self.article_panel is not None or self.engine is None:
            return
        from guide.tui.widgets.article import ArticlePanel

        citations = self.latest_citations
        source = (self.source_of(citations[0]) if citations else None) or next(iter(self.engine.guide.sources.values()))
        self.article_panel = ArticlePanel(source, id="article")
        self.article_panel.border_title = worded("Article", self.source_noun)
        await self.query_one(MainArea).mount(self.article_panel)
        await self._follow_in_panel()

    async def _follow_in_panel(self) -> None:
        if self.article_shown and self.latest_citations:
            source = self.source_of(self.latest_citations[0])
            if source is not None:
                await self._show_in_panel(source, self.latest_citations)

    async def _show_in_panel(self, source: Source, citations: Iterable[Citation], focus: bool = False) -> None:
        panel = self.article_panel
        if panel is None:
            return
        await panel.follow(source, citations)
        if focus:
            panel.view.focus()

    def action_toggle_article(self) -> None:
        wide = self.size.width >= WIDE
        if wide and self.engine is not None and self.engine.guide.sources:
            self.article_wanted = not self.article_shown
            self.arrange_article()
            if not self.article_wanted:
                self.chat_input.focus()
            return
        if self.engine is None or not self.engine.guide.sources:
            return
        citation = self.latest_citations[0] if self.latest_citations else None
        source = (self.source_of(citation) if citation else None) or next(iter(self.engine.guide.sources.values()))
        self._push_viewer(source, citation)

    # -- find -------------------------------------------------------------------------------------

    def _conversation_texts(self) -> list[Static]:
        return list(self.log_view.query(Static))

    async def action_find(self) -> None:
        panel = self.article_panel
        in_panel = panel is not None and panel.display and self.focused is not None and panel in self.focused.ancestors
        if self.find_bar is None:  # made when first needed
            from guide.tui.widgets.find import FindBar

            self.find_bar = FindBar(self._conversation_texts, lambda: self.log_view, "the conversation", id="find")
            await self.query_one("#chat").mount(self.find_bar, before=self.query_one("#ask-row"))
        if in_panel and panel is not None:
            view = panel.view
            self.find_bar.open(worded("the article", self.source_noun), view.searchable, lambda: panel.view)
        else:
            self.find_bar.open("the conversation", self._conversation_texts, lambda: self.log_view)

    def action_scroll_log(self, how: ScrollTo) -> None:
        """Scroll the conversation from the input (PageUp, PageDown, ctrl+Home, ctrl+End)."""
        log = self.log_view
        if how == "page_up":
            log.scroll_page_up(animate=False)
        elif how == "page_down":
            log.scroll_page_down(animate=False)
        elif how == "home":
            log.scroll_home(animate=False)
        else:
            log.scroll_end(animate=False)
            log.anchor()

    # -- actions ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        on_chat = len(self.screen_stack) <= 1
        if action == "choose":
            latest = self.session.last_suggestions if self.session else self.latest_turn.reply.suggestions \
                if self.latest_turn else ()
            count = len(latest)
            number = parameters[0] if parameters else 0
            # never while the input holds other text: the digit is part of what is being typed
            return on_chat and not self.chat_input.value and isinstance(number, int) and number <= count
        if action in ("back", "restart"):
            return on_chat and self.session is not None
        if action == "focus_input":
            return on_chat and self.focused is not self.chat_input
        if action == "save":
            return self.can_save
        if action in ("find", "toggle_article"):
            return on_chat
        return True

    def action_choose(self, number: int) -> None:
        self._enqueue(Pending("number", number=number))

    def action_back(self) -> None:
        self.ask("back")

    def action_restart(self) -> None:
        self.ask("start over")

    def action_focus_input(self) -> None:
        if self.find_bar is not None and self.find_bar.is_open:
            self.find_bar.close()
        self.chat_input.focus()

    def action_command_palette(self) -> None:
        """ctrl+p: topics first, then commands (say so in the search line)."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder="Search topics and commands…", id="--command-palette"))

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.current_theme.dark else DARK

    def action_help(self) -> None:
        from guide.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.help_keys(), help_commands(), support_lines(), self.privacy_note(),
                                    self.source_noun))

    def privacy_note(self) -> str:
        """What this app keeps of the conversation, and where: for F1."""
        if not self.disk:
            return "Nothing you type is saved by this app."
        from guide.tui.kept import data_folder

        folder = self.kept_folder or data_folder()
        if self.keeping:
            return (f"This conversation is kept in {folder}, readable only by your user account. Stop keeping "
                    "conversations, reopen one, or delete them all from the command palette (ctrl+p).")
        return ("Nothing you type is saved unless you ask: ctrl+s saves this conversation where you choose, and "
                "the command palette (ctrl+p) can keep conversations on this computer "
                f"(in {folder}, readable only by you).")

    def action_copy_reply(self) -> None:
        """Copy the focused reply, or the latest one."""
        focused = self.focused
        turn = focused if isinstance(focused, GuideTurn) else self.latest_turn
        if turn is not None:
            turn.action_copy()

    def action_sources(self) -> None:
        self.ask("sources")

    @work(exclusive=True, group="save")
    async def action_save(self) -> None:
        """Ask where, confirm before replacing a file, then write atomically."""
        if self.is_web:  # in a browser (guide serve): the reader's download, never the server's disk
            self.deliver_text(io.StringIO(self.transcript.to_markdown()), save_filename=DEFAULT_NAME,
                              mime_type="text/markdown")
            self.notify("Your browser downloads the conversation.", title="Saved", markup=False)
            return
        if not self.disk:
            return
        from guide.dialog.files import shortened
        from guide.tui.screens.dialogs import Confirm, SavePrompt
        from guide.tui.transcript import CannotSave, save_target, working_folder, write_atomic

        typed = await self.push_screen_wait(SavePrompt(free_name(working_folder())))
        if typed is None:
            return
        try:
            path, exists = save_target(typed)
        except CannotSave as exc:
            self.notify(f"Could not save to {shortened(str(typed))}: {exc}", title="Not saved", severity="error",
                        markup=False)
            return
        if exists and not await self.push_screen_wait(Confirm(f"{path} already exists. Replace it?")):
            self.notify("Not saved.", markup=False)
            return
        try:
            write_atomic(path, self.transcript.to_markdown())
        except OSError as exc:
            self.notify(f"Could not save to {path}: {exc.strerror or exc}", title="Not saved", severity="error",
                        markup=False)
            return
        self.notify(f"Saved the conversation to {path}", title="Saved", markup=False)

    # -- conversations kept on this computer (opt-in) -------------------------------------------

    def _store(self):
        from guide.tui.kept import ConversationStore

        return ConversationStore(self.kept_folder)

    def _read_keeping_setting(self) -> None:
        from guide.tui.kept import keeping_on

        if self.disk and keeping_on(self.settings_file) and not self.keeping:
            self._start_keeping()

    def _start_keeping(self) -> None:
        self.keeping = True
        self.kept_path = self.kept_path or self._store().new_path(self.started)
        self._show_header()
        if self.transcript.turns and any(not isinstance(t, Reply) for t in self.transcript.turns):
            self._keep()

    @work(thread=True, exclusive=True, group="keep", exit_on_error=False)
    def _keep(self) -> None:
        """Write the conversation so far to its file (off the UI thread)."""
        if not (self.keeping and self.disk and self.kept_path is not None):
            return
        if not any(not isinstance(t, Reply) for t in self.transcript.turns):
            return  # nothing said yet: a welcome alone is not worth keeping
        title = self.engine.guide.title if self.engine else self.transcript.title
        try:
            self._store().save(self.kept_path, title, str(self.guide_path or default_guide()), self.started,
                               list(self.transcript.turns))
        except OSError as exc:
            self.call_from_thread(self._keeping_failed, exc)

    def _keeping_failed(self, exc: OSError) -> None:
        self.keeping = False
        self._show_header()
        self.notify(f"Could not keep this conversation: {exc.strerror or exc}. It is no longer being saved.",
                    title="Not kept", severity="error", markup=False)

    @work(exclusive=True, group="keep-setting")
    async def action_keep_conversations(self) -> None:
        """Opt in: say exactly what is kept and where, and ask."""
        if not self.disk or self.keeping:
            return
        from guide.tui.kept import data_folder
        from guide.tui.screens.dialogs import Confirm

        folder = self.kept_folder or data_folder()
        question = (f"Keep your conversations on this computer?\n\nEach one is saved in {folder}, in a file only "
                    "your user account can read, after every reply. Nothing is sent anywhere. You can reopen "
                    "them later, stop keeping them, or delete them all, from the command palette (ctrl+p).")
        if not await self.push_screen_wait(Confirm(question, yes="Keep them", no="Not now")):
            return
        if not self._save_keeping(True):
            return
        self._start_keeping()
        self.notify(f"Conversations are kept in {folder}.", title="Keeping conversations", markup=False)

    def _save_keeping(self, keep: bool) -> bool:
        """Save the keeping setting; say so if it cannot be saved (False)."""
        from guide.tui.kept import set_keeping

        try:
            set_keeping(keep, self.settings_file)
        except OSError as exc:
            self.notify(f"Could not save the setting: {exc.strerror or exc}", severity="error", markup=False)
            return False
        return True

    def action_stop_keeping(self) -> None:
        if not self.disk:
            return
        if not self._save_keeping(False):
            return
        self.keeping = False
        self._show_header()
        self.notify("New messages are no longer kept. Conversations already kept stay until you delete them "
                    "(command palette: Delete kept conversations).", title="Not keeping", markup=False)

    @work(exclusive=True, group="kept")
    async def action_kept_conversations(self) -> None:
        """The list of kept conversations: reopen one, or delete them all."""
        if not self.disk:
            return
        from guide.tui.kept import data_folder
        from guide.tui.screens.kept import DELETE_ALL, KeptScreen

        store = self._store()
        chosen = await self.push_screen_wait(KeptScreen(store.list(), self.kept_folder or data_folder()))
        if chosen == DELETE_ALL:
            await self._delete_kept()
        elif isinstance(chosen, Path):
            await self.reopen(chosen)

    @work(exclusive=True, group="kept")
    async def action_delete_kept(self) -> None:
        await self._delete_kept()

    async def _delete_kept(self) -> None:
        if not self.disk:
            return
        from guide.tui.screens.dialogs import Confirm

        store = self._store()
        count = len(store.list())
        if not count:
            self.notify("No conversations are kept.", markup=False)
            return
        question = (f"Delete all {count} kept conversation{'s' * (count != 1)} from {store.folder}? "
                    "This cannot be undone.")
        if not await self.push_screen_wait(Confirm(question, yes="Delete all", no="Keep them")):
            return
        deleted = store.delete_all()
        self.notify(f"Deleted {deleted} kept conversation{'s' * (deleted != 1)}.", title="Deleted", markup=False)
        if self.keeping:  # the conversation on screen starts a new file from its next reply
            self.kept_path = store.new_path()

    async def reopen(self, path: Path) -> bool:
        """Put a kept conversation back on screen and carry on from where it ended."""
        if self.engine is None or self.busy:
            self.bell()
            return False
        conversation = self._store().load(path)
        if conversation is None:
            self.notify(f"Could not read {path}.", title="Not reopened", severity="error", markup=False)
            return False
        if conversation.guide and conversation.guide != self.engine.guide.title:
            self.notify(f"That conversation was with the guide “{conversation.guide}”; open that guide to "
                        "reopen it.", title="Another guide", severity="warning", markup=False)
            return False
        replies = [t for t in conversation.turns if isinstance(t, Reply)]
        if self.find_bar is not None:
            self.find_bar.suspend()
        log = self.log_view
        widgets: list[UserTurn | GuideTurn] = []
        for turn in conversation.turns:
            if isinstance(turn, Reply):
                widgets.append(GuideTurn(turn, self.facts))
            else:
                widgets.append(UserTurn(turn[0], chosen=turn[1]))
        with self.batch_update():
            await log.clear()
            await log.add(widgets[-MAX_TURNS:])
            shown = [w for w in widgets[-MAX_TURNS:] if isinstance(w, GuideTurn)]
            for turn in shown[:-1]:
                turn.retire()
                turn.dim()
            self.latest_turn = shown[-1] if shown else None
            self._to_dim.clear()
            log.anchor()
        await log.trim()
        self.transcript = Transcript(self.engine.guide.title, list(conversation.turns))
        self.session = resumed(self.engine, replies)
        self.started = conversation.started
        self.kept_path = path
        self.topic = next((r.title for r in reversed(replies) if r.kind == "answer" and r.title), "")
        if replies:
            self._replied(replies[-1])
        if self.find_bar is not None:
            self.find_bar.refresh_matches()
        self.notify("Carry on where you left off.", title="Conversation reopened", markup=False)
        return True

    # -- the command palette and help ----------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The guide's own commands first, then Textual's (theme, keys, ...)."""
        yield SystemCommand("Find", "Find text in the conversation", self.action_find)
        yield SystemCommand(worded("Article", self.source_noun),
                            worded("Show or hide the article (beside the chat on wide terminals)", self.source_noun),
                            self.action_toggle_article)
        yield SystemCommand("Sources", "List the guide's sources, with a way to open each", self.action_sources)
        yield SystemCommand("Copy reply", "Copy the focused (or latest) reply", self.action_copy_reply)
        yield SystemCommand("Back", "Go back to the previous topic", self.action_back)
        yield SystemCommand("Start over", "Start the conversation again", self.action_restart)
        if self.can_save:
            yield SystemCommand("Save transcript", "Save the conversation as Markdown", self.action_save)
        if self.disk:
            if self.keeping:
                yield SystemCommand("Stop keeping conversations",
                                    "New messages are no longer saved on this computer", self.action_stop_keeping)
            else:
                yield SystemCommand("Keep conversations on this computer",
                                    "Off unless you turn it on: saves each conversation, readable only by you",
                                    self.action_keep_conversations)
            yield SystemCommand("Kept conversations", "Reopen a conversation kept on this computer",
                                self.action_kept_conversations)
            yield SystemCommand("Delete kept conversations", "Delete every conversation kept on this computer",
                                self.action_delete_kept)
        yield SystemCommand("Toggle light/dark", "Switch between the light and the dark theme",
                            self.action_toggle_theme)
        yield SystemCommand("Help", "Keys, commands and support", self.action_help)
        for command in super().get_system_commands(screen):
            if command.title == "Screenshot" and not self.disk:
                continue  # it writes a file
            yield command

    def help_keys(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Every key, by where it works, from the bindings themselves (one source of truth)."""
        from guide.tui.screens.source import SourceScreen
        from guide.tui.widgets.find import FindInput

        def rows(bindings: Iterable[BindingType], hidden: bool = False) -> list[tuple[str, str]]:
            return [(binding.key_display or binding.key.replace(",", " / "),
                     worded(binding.tooltip or binding.description, self.source_noun))
                    for binding in bindings if isinstance(binding, Binding) and (binding.show or hidden)
                    and (self.can_save or binding.action != "save")]

        return [
            ("Anywhere", [*rows(GuideApp.BINDINGS),
                          ("tab / shift+tab", "Move between the input, the latest reply, its citations and "
                                              "suggestions"),
                          ("escape", "Back to the input line")]),
            ("In the input", [("enter", "Send; a suggestion's number alone (2, then enter) follows it"),
                              *rows(ChatInput.BINDINGS, hidden=True)]),
            ("On a reply (tab to it)", rows(GuideTurn.BINDINGS)),
            ("On a citation or a suggestion (or click it)", rows([*CitationLink.BINDINGS, *SuggestionLink.BINDINGS])),
            ("Finding (ctrl+f)", [("enter", "Next match"), *rows(FindInput.BINDINGS)]),
            (worded("In the article", self.source_noun), rows(SourceScreen.BINDINGS)),
        ]

    # -- live reload --------------------------------------------------------------------------

    def check_guide_files(self) -> None:
        """Reload the guide if any of its files changed (called every ``watch_interval`` seconds)."""
        if self.watcher is not None and self.watcher.changed():
            self._reload(self.watcher.path)

    @work(thread=True, exclusive=True, group="reload", exit_on_error=False)
    def _reload(self, path: Path) -> None:
        from guide.tui.reload import load_engine

        loaded = load_engine(path, checked=True)
        self.call_from_thread(self._reloaded, loaded)

    async def _reloaded(self, loaded: Loaded) -> None:
        from guide.tui.reload import carry_over

        if self.watcher is not None:
            self.watcher.watch(loaded.guide)
        panel = await self.problems_panel()
        if loaded.engine is None:
            panel.show_problems(loaded.problems, running=self.engine is not None)
            count = len(loaded.errors)
            self.notify(f"The guide has {count} error{'s' * (count != 1)}; "
                        + ("still answering with the last good version." if self.engine else "fix it to start."),
                        title="Reload failed", severity="warning", markup=False)
            return
        panel.show_problems(loaded.problems, running=True, loaded=True)  # warnings, if any
        first = self.session is None
        self.engine = loaded.engine
        self.session = carry_over(self.session, loaded.engine)
        self.facts = self._facts()
        self.transcript.title = loaded.engine.guide.title
        self._show_header()
        nodes, warnings = len(loaded.engine.guide.nodes), len(loaded.problems) - len(loaded.errors)
        also = f", {warnings} warning{'s' * (warnings != 1)}" if warnings else ""
        self.notify(f"Reloaded the guide: {nodes} topic{'s' * (nodes != 1)}{also}.", title="Guide reloaded",
                    markup=False)
        if first:
            await self._show_reply(self.session.welcome())
        self.refresh_bindings()


def guide_commands() -> type:
    from guide.tui.commands import GuideCommands

    return GuideCommands


def whole_number(text: str) -> int | None:
    """The number a message consists of ("2", " 2 "), else None: only then is it a choice."""
    text = text.strip()
    return int(text) if text.isdecimal() and len(text) <= 3 else None


def resumed(engine: Engine, replies: list[Reply]) -> Session:
    """A session that carries on after ``replies`` (a reopened conversation): the topics visited,
    the current topic and the latest suggestions, as far as they exist in the guide."""
    from guide.conversation import Session

    session = Session(engine)
    nodes = engine.guide.nodes
    session.history = [r.node for r in replies if r.kind in ("answer", "command") and r.node in nodes]
    last = replies[-1] if replies else None
    if last is not None and last.node in nodes:
        session.resume_at(last.node)  # its follow-ups active again, as when it was answered
    if any(r.kind == "safety" for r in replies):
        keep_careful(session)
    session.turns = len(replies)
    if last is not None:
        session.last_suggestions = tuple(s for s in last.suggestions
                                         if s.command or s.node in nodes or s.node in engine.followups)
    return session


def keep_careful(session: Session) -> None:
    """After a disclosure the resource line stays under replies: so too in a reopened conversation."""
    from guide.safety.flow import Phase

    flow = getattr(session, "flow", None)
    if flow is not None and not flow.careful:
        flow.phase = Phase.CAREFUL


def free_name(folder: Path) -> Path:
    """guide-transcript.md in ``folder``, or the first guide-transcript-N.md that does not exist yet."""
    path = folder / DEFAULT_NAME
    number = 2
    while path.exists():
        path = folder / f"{Path(DEFAULT_NAME).stem}-{number}.md"
        number += 1
    return path


def help_commands() -> list[tuple[str, str]]:
    """What a reader can type besides questions, from the Session's own command table."""
    from guide.conversation import COMMANDS

    words: dict[str, list[str]] = {}
    for phrase, command in COMMANDS.items():
        words.setdefault(command, []).append(phrase)
    what = {"help": "this help, in the chat", "back": "the previous topic", "restart": "start again",
            "sources": "what the guide quotes, with a way to open each", "quit": "leave"}
    rows = [(" / ".join(phrases[:3]), what.get(command, command)) for command, phrases in words.items()]
    rows.insert(0, ("1, 2, 3 … then enter", "follow the latest suggestion with that number"))
    rows.append(("support / hotline", "people you can talk to"))
    return rows


def support_lines() -> list[str]:
    from guide import safety

    try:
        return list(safety.resources_text())
    except AttributeError:  # an older core without the resources
        return ['Type "help" in the chat for people you can talk to.']


def resource_lines() -> frozenset[str]:
    """The support lines that are resources (phone numbers, sites): a support panel lists them."""
    from guide import safety

    try:
        return frozenset(safety.resources_text())
    except AttributeError:
        return frozenset()


def run_app(guide_path: str | None, watch: bool = False, log_unanswered: bool = False) -> int:
    """Open the chat on the guide at ``guide_path`` (default: the bundled one). Returns the exit status."""
    gc.disable()  # until the guide is loaded (GuideApp._guide_ready): start-up makes no garbage worth a pass
    try:
        app = _make_app(Path(guide_path) if guide_path else default_guide(), watch, log_unanswered)
        if isinstance(app, int):
            return app
        result = app.run()
        return result if isinstance(result, int) else (app.return_code or 0)
    finally:
        gc.enable()


def _make_app(path: Path, watch: bool, log_unanswered: bool) -> GuideApp | int:
    """The app for the guide at ``path``, or the exit status when it cannot open (said on stderr)."""
    from guide.dialog.files import GuideNotFound, find_manifest

    try:
        manifest = find_manifest(path)
    except GuideNotFound as exc:
        print(safe_for_terminal(f"guide: {exc}"), file=sys.stderr)
        return 2
    if not log_unanswered and not watch:  # (the log needs the guide before the first frame; --watch, its check)
        from guide.tui.opening import read_opening

        opening = read_opening(manifest.parent.resolve())
        if opening is not None:
            return GuideApp(guide_path=path, opening=opening)
    from guide.tui.reload import load_engine

    loaded = load_engine(path, checked=watch)
    if loaded.engine is None and not watch:
        for problem in loaded.errors[:20]:
            print(safe_for_terminal(problem.format()), file=sys.stderr)
        print("guide: the guide has errors; fix them (guide validate) and try again", file=sys.stderr)
        return 2
    unanswered = None
    if log_unanswered and loaded.engine is not None:
        from guide.authoring.review import UnansweredLog

        unanswered = UnansweredLog(loaded.engine.guide)
    return GuideApp(loaded.engine, guide_path=path, watch=watch, problems=loaded.problems if watch else (),
                    unanswered=unanswered)
