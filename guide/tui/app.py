"""The chat app: a Session's replies as a scrolling conversation, matching off the UI thread.

``GuideApp(engine)`` for tests that build their own guide; ``run_app(path, watch)`` for the CLI.
"""

from __future__ import annotations

import gc
import io
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Static

from guide.conversation import COMMANDS, Engine, Session
from guide.dialog.loader import GuideNotFound, find_manifest
from guide.paths import default_guide
from guide.problems import Problem
from guide.reply import Citation, Reply, ReplyBlock, Suggestion
from guide.tui.commands import TopicProvider
from guide.tui.messages import CitationOpened, NumberPressed, SourceOpened, SuggestionChosen
from guide.tui.reload import GuideWatcher, Loaded, carry_over, load_engine
from guide.tui.screens.dialogs import Confirm, SavePrompt
from guide.tui.screens.help import HelpScreen
from guide.tui.screens.source import SourceScreen
from guide.tui.transcript import DEFAULT_NAME, Transcript, write_atomic
from guide.tui.widgets.chat_input import ChatInput
from guide.tui.widgets.links import CitationLink, SuggestionLink
from guide.tui.widgets.problems import ProblemsPanel
from guide.tui.widgets.turns import EarlierTurns, GuideTurn, Thinking, UserTurn

if TYPE_CHECKING:
    from guide.authoring.review import UnansweredLog

MAX_TURNS = 40  # reader and guide turns kept on screen
THINKING_DELAY = 0.1  # seconds before a slow reply shows the reader's message and "thinking…"
IDLE_COLLECT_DELAY = 0.2  # seconds after a reply is shown
WATCH_INTERVAL = 1.0  # seconds between checks of the guide's files with --watch
DARK, LIGHT = "textual-dark", "textual-light"
ERROR_TEXT = "Something went wrong on my side while answering that. Please try again, or rephrase it."


class ChatLog(VerticalScroll):
    """The conversation; anchored so it follows new replies until the reader scrolls up.

    Only the latest MAX_TURNS turns stay on screen (every widget here costs layout time on
    each reply); the transcript keeps them all.
    """

    can_focus = False

    def on_key(self, event: events.Key) -> None:
        """Typing while a reply or link has focus goes to the input (keys bound here still work)."""
        if event.is_printable and event.character and event.key not in self.screen.active_bindings:
            event.stop()
            field = self.app.query_one("#ask", ChatInput)
            field.focus()
            field.insert_text_at_cursor(event.character)

    async def trim(self) -> None:
        turns = [w for w in self.children if isinstance(w, (UserTurn, GuideTurn))]
        if len(turns) <= MAX_TURNS:
            return
        await self.remove_children(turns[: len(turns) - MAX_TURNS])
        if not self.query(EarlierTurns):
            await self.mount(EarlierTurns(), before=0)


class GuideApp(App[int]):
    """Ask about an article in your own words; read its own sentences, with their sources."""

    CSS_PATH = "guide.tcss"
    TITLE = "guide"
    COMMANDS = App.COMMANDS | {TopicProvider}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", tooltip="Keys, commands and where to find support", id="help"),
        Binding("1", "choose(1)", "Choose", key_display="1-9", id="choose",
                tooltip="Follow the suggestion with this number (typed into an empty input, or anywhere else)"),
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
                 unanswered: UnansweredLog | None = None) -> None:
        super().__init__()
        self.unanswered = unanswered  # only when the reader opted in (--log-unanswered)
        self.guide_path = Path(guide_path) if guide_path else None
        self.startup_problems = tuple(problems)
        if engine is None and not self.startup_problems:
            loaded = load_engine(self.guide_path or default_guide(), checked=watch)
            engine, self.startup_problems = loaded.engine, loaded.problems
        self.engine = engine
        self.session: Session | None = Session(engine) if engine else None
        self.transcript = Transcript(engine.guide.title if engine else "")
        self.busy = False
        self._asked: UserTurn | None = None  # the reader's message, until it is on screen
        self._thinking_timer: Timer | None = None
        self.watch = watch
        self.watch_interval = watch_interval
        self.watcher: GuideWatcher | None = None
        self.theme = DARK

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield ProblemsPanel(id="problems")
        yield ChatLog(id="log")
        yield ChatInput(placeholder="Ask in your own words, or press a suggestion's number", id="ask",
                        select_on_focus=False)
        # ctrl+p is announced in the header (its ⭘ button and subtitle) so the footer fits 80 columns.
        yield Footer(compact=True, show_command_palette=False)

    @property
    def log_view(self) -> ChatLog:
        return self.query_one("#log", ChatLog)

    @property
    def chat_input(self) -> ChatInput:
        return self.query_one("#ask", ChatInput)

    async def on_mount(self) -> None:
        self.query_one("#problems", ProblemsPanel).display = False
        self._set_titles()
        self.log_view.anchor()
        self.chat_input.focus()
        if self.startup_problems:
            self.query_one("#problems", ProblemsPanel).show_problems(
                self.startup_problems, running=self.engine is not None, loaded=self.engine is not None)
        if self.unanswered is not None:  # the reader opted in: say what is kept, and where, before anything
            await self.log_view.mount(Static(Content(self.unanswered.notice), id="log-notice"))
        if self.session is not None:
            await self._show_welcome()
        # Everything loaded so far (Textual, the guide, the index) lives as long as the app: keep it
        # out of the collector's full passes, which otherwise stall a reply now and then (~100 ms).
        gc.freeze()
        if self.watch:
            path = self.guide_path or default_guide()
            self.watcher = GuideWatcher(path)
            # Without a good guide, watch the files of what could be read so that a fix is noticed.
            self.watcher.watch(self.engine.guide if self.engine else load_engine(path).guide)
            self.set_interval(self.watch_interval, self.check_guide_files, name="watch")

    def _set_titles(self) -> None:
        self.title = self.engine.guide.title if self.engine else "guide"
        self.sub_title = "^p topics · F1 help"

    # -- turns --------------------------------------------------------------------------------

    async def _show_welcome(self) -> None:
        assert self.session is not None
        await self._show_reply(self.session.welcome())

    def ask(self, text: str) -> bool:
        """Send what the reader typed; False if the guide cannot take it now."""
        return self._turn(UserTurn(text), text, lambda session: session.respond(text))

    def choose(self, suggestion: Suggestion) -> bool:
        """Follow a suggestion (click, number key)."""
        return self._turn(UserTurn(suggestion.label, chosen=True), suggestion.label,
                          lambda session: session.choose(suggestion))

    def go_to(self, node_id: str) -> bool:
        """Jump to a topic (command palette)."""
        if self.engine is None or node_id not in self.engine.guide.nodes:
            return False
        title = self.engine.guide.nodes[node_id].title
        return self._turn(UserTurn(title, chosen=True), title, lambda session: session.go_to(node_id))

    def _turn(self, shown: UserTurn, text: str, step: Callable[[Session], Reply]) -> bool:
        if self.session is None or self.busy:
            self.bell()
            return False
        self.busy = True
        self.transcript.add_reader(text, chosen=shown.chosen)
        # The reader's message goes on screen with the reply, in one layout pass; only if the
        # reply is slow does it go first, with a "thinking…" line.
        self._asked = shown
        self._thinking_timer = self.set_timer(THINKING_DELAY, self._show_thinking, name="thinking")
        self._respond(self.session, step)
        return True

    def _show_thinking(self) -> None:
        if self.busy and self._asked is not None:
            self.log_view.mount_all([self._asked, Thinking()])
            self._asked = None
            self.log_view.anchor()

    @work(thread=True, exclusive=True, group="turn", exit_on_error=False)
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
        sources = {s.id: s.title for s in self.engine.guide.sources.values()} if self.engine else {}
        turn = GuideTurn(reply, sources)
        with self.batch_update():
            for old in log.query(GuideTurn):
                if old.latest:
                    old.retire()
            await log.query(Thinking).remove()
            asked, self._asked = self._asked, None
            await log.mount_all([asked, turn] if asked else [turn])
            log.anchor()
        self.transcript.add_reply(reply)
        if bool(self.chat_input.choices) != bool(reply.suggestions):
            self.refresh_bindings()  # "1-9 Choose" appears or goes
        self.chat_input.choices = len(reply.suggestions)
        self.busy = False
        await log.trim()
        self.set_timer(IDLE_COLLECT_DELAY, self._collect_garbage, name="collect")
        if reply.command == "quit":
            self.exit(0)

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
        if not turn.latest or turn.outer_size.height < log.scrollable_content_region.height:
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
        text = event.value
        if not text.strip():
            return  # nothing to send; the placeholder says what to type
        if self.ask(text):
            self.chat_input.remember(text)
            self.chat_input.value = ""

    @on(SuggestionChosen)
    def _suggestion_chosen(self, event: SuggestionChosen) -> None:
        self.choose(event.suggestion)

    @on(NumberPressed)
    def _number_pressed(self, event: NumberPressed) -> None:
        self.action_choose(event.number)

    @on(CitationOpened)
    def _citation_opened(self, event: CitationOpened) -> None:
        self.open_citation(event.citation)

    @on(SourceOpened)
    def _source_opened(self, event: SourceOpened) -> None:
        if self.engine and event.source_id in self.engine.guide.sources:
            self.push_screen(SourceScreen(self.engine.guide.sources[event.source_id]))

    def open_citation(self, citation: Citation) -> None:
        """Show the quoted passage in its source."""
        if self.engine is None:
            return
        sources = self.engine.guide.sources
        source = sources.get(citation.source_id) or next(
            (s for s in sources.values() if s.title == citation.source), None)
        if source is None:
            self.notify("That source is no longer part of the guide.", severity="warning", markup=False)
            return
        self.push_screen(SourceScreen(source, citation))

    # -- actions ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        on_chat = len(self.screen_stack) <= 1
        if action == "choose":
            count = len(self.session.last_suggestions) if self.session else 0
            number = parameters[0] if parameters else 0
            return on_chat and isinstance(number, int) and number <= count
        if action in ("back", "restart"):
            return on_chat and self.session is not None
        if action == "focus_input":
            return on_chat and self.focused is not self.chat_input
        return True

    def action_choose(self, number: int) -> None:
        if self.session and 1 <= number <= len(self.session.last_suggestions):
            self.choose(self.session.last_suggestions[number - 1])

    def action_back(self) -> None:
        self.ask("back")

    def action_restart(self) -> None:
        self.ask("start over")

    def action_focus_input(self) -> None:
        self.chat_input.focus()

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.current_theme.dark else DARK

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.help_keys(), help_commands(), support_lines()))

    def action_copy_reply(self) -> None:
        """Copy the focused reply, or the latest one."""
        focused = self.focused
        turns = list(self.log_view.query(GuideTurn))
        turn = focused if isinstance(focused, GuideTurn) else (turns[-1] if turns else None)
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
        path = await self.push_screen_wait(SavePrompt(free_name(Path.cwd())))
        if path is None:
            return
        if path.is_dir():
            path = path / DEFAULT_NAME
        path = path.absolute()
        if path.exists() and not await self.push_screen_wait(Confirm(f"{path} already exists. Replace it?")):
            self.notify("Not saved.", markup=False)
            return
        try:
            write_atomic(path, self.transcript.to_markdown())
        except OSError as exc:
            self.notify(f"Could not save to {path}: {exc.strerror or exc}", title="Not saved", severity="error",
                        markup=False)
            return
        self.notify(f"Saved the conversation to {path}", title="Saved", markup=False)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Save transcript", "Save the conversation as Markdown", self.action_save)
        yield SystemCommand("Copy reply", "Copy the focused (or latest) reply", self.action_copy_reply)
        yield SystemCommand("Sources", "List the guide's sources, with a way to open each", self.action_sources)
        yield SystemCommand("Back", "Go back to the previous topic", self.action_back)
        yield SystemCommand("Start over", "Start the conversation again", self.action_restart)
        yield SystemCommand("Toggle light/dark", "Switch between the light and the dark theme",
                            self.action_toggle_theme)
        yield SystemCommand("Help", "Keys, commands and support", self.action_help)

    def help_keys(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Every key, by where it works, from the bindings themselves (one source of truth)."""

        def rows(bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
            return [(binding.key_display or binding.key.replace(",", " / "), binding.tooltip or binding.description)
                    for binding in bindings if isinstance(binding, Binding) and binding.show]

        return [
            ("Anywhere", [*rows(GuideApp.BINDINGS),
                          ("ctrl+p", "Command palette: jump to any topic by its title, and more"),
                          ("tab / shift+tab", "Move between the input, the latest reply, its citations and "
                                              "suggestions"),
                          ("escape", "Back to the input line")]),
            ("In the input", [("enter", "Send"), *rows(ChatInput.BINDINGS)]),
            ("On a reply (tab to it)", rows(GuideTurn.BINDINGS)),
            ("On a citation or a suggestion (or click it)", rows([*CitationLink.BINDINGS, *SuggestionLink.BINDINGS])),
            ("In the article", rows(SourceScreen.BINDINGS)),
        ]

    # -- live reload --------------------------------------------------------------------------

    def check_guide_files(self) -> None:
        """Reload the guide if any of its files changed (called every ``watch_interval`` seconds)."""
        if self.watcher is not None and self.watcher.changed():
            self._reload(self.watcher.path)

    @work(thread=True, exclusive=True, group="reload", exit_on_error=False)
    def _reload(self, path: Path) -> None:
        loaded = load_engine(path, checked=True)
        self.call_from_thread(self._reloaded, loaded)

    async def _reloaded(self, loaded: Loaded) -> None:
        if self.watcher is not None:
            self.watcher.watch(loaded.guide)
        panel = self.query_one("#problems", ProblemsPanel)
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
        self.transcript.title = loaded.engine.guide.title
        self._set_titles()
        nodes, warnings = len(loaded.engine.guide.nodes), len(loaded.problems) - len(loaded.errors)
        also = f", {warnings} warning{'s' * (warnings != 1)}" if warnings else ""
        self.notify(f"Reloaded the guide: {nodes} topic{'s' * (nodes != 1)}{also}.", title="Guide reloaded",
                    markup=False)
        if first:
            await self._show_welcome()
        self.refresh_bindings()


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
    words: dict[str, list[str]] = {}
    for phrase, command in COMMANDS.items():
        words.setdefault(command, []).append(phrase)
    what = {"help": "this help, in the chat", "back": "the previous topic", "restart": "start again",
            "sources": "what the guide quotes, with a way to open each", "quit": "leave"}
    rows = [(" / ".join(phrases[:3]), what.get(command, command)) for command, phrases in words.items()]
    rows.insert(0, ("1, 2, 3 …", "follow the suggestion with that number"))
    rows.append(("support / hotline", "people you can talk to"))
    return rows


def support_lines() -> list[str]:
    from guide import safety

    try:
        return list(safety.resources_text())
    except AttributeError:  # an older core without the resources
        return ['Type "help" in the chat for people you can talk to.']


def run_app(guide_path: str | None, watch: bool = False, log_unanswered: bool = False) -> int:
    """Open the chat on the guide at ``guide_path`` (default: the bundled one). Returns the exit status."""
    path = Path(guide_path) if guide_path else default_guide()
    try:
        find_manifest(path)
    except GuideNotFound as exc:
        print(f"guide: {exc}", file=sys.stderr)
        return 2
    loaded = load_engine(path, checked=watch)
    if loaded.engine is None and not watch:
        for problem in loaded.errors[:20]:
            print(problem.format(), file=sys.stderr)
        print("guide: the guide has errors; fix them (guide validate) and try again", file=sys.stderr)
        return 2
    unanswered = None
    if log_unanswered and loaded.engine is not None:
        from guide.authoring.review import UnansweredLog

        unanswered = UnansweredLog(loaded.engine.guide)
    app = GuideApp(loaded.engine, guide_path=path, watch=watch, problems=loaded.problems if watch else (),
                   unanswered=unanswered)
    result = app.run()
    return result if isinstance(result, int) else (app.return_code or 0)
