"""The Gradio Blocks: layout and wiring only (the work is in :mod:`rag.ui.controller`).

Per-browser data lives in one ``gr.State`` (a :class:`ChatSession`); nothing
per-user is kept in this module or on the services.
"""

from __future__ import annotations

import html

import gradio as gr

from rag.app_services import AppServices
from rag.identity import Forbidden
from rag.ui.analytics import PERCENTILES
from rag.ui.cards import ICECAT_CREDIT
from rag.ui.compare import followups
from rag.ui.controller import (
    DOWN_REASONS,
    UP_REASONS,
    ChatController,
    Persona,
    TurnView,
    load_demo_personas,
    make_filters,
    persona_choices,
)
from rag.ui.page import PAGE_JS, REASON_IN_VIEW_JS, SCROLL_TO_ANSWER_JS
from rag.ui.panels import render_how_found
from rag.ui.search import render_search
from rag.ui.shelf import SORTS, compare_choices
from rag.ui.state import GUEST, ChatSession

# APP_CSS (rag.ui.page): pass it to ``launch(css=APP_CSS)`` or ``gr.mount_gradio_app(..., css=APP_CSS)``
# (Gradio 6 takes CSS at launch). The cards and panels carry inline styles, so the page
# is readable without it.
CHIPS = 4  # follow-up suggestions offered after an answer, at most

# The example chips: each is a request a shopper types whose type the catalog carries broadly (ten or
# more products), so a demo persona or a pinned brand has something to reorder; one per persona's field at
# least (the photographer's: camera bags). The constraint-heavy request ("a quiet bluetooth speaker under
# $50 for the kitchen", two matching products) is the input box's placeholder instead.
EXAMPLES = (
    "camera bag",
    "hp notebook with 16gb ram",
    "wireless mouse",
    "64gb sd memory card",
    "noise cancelling headphones",
)


def build_app(services: AppServices, *, personas: list[Persona] | None = None, title: str = "Shopping assistant") -> gr.Blocks:
    """The app over ``services``: Chat (with filters, shopper profile and "How I found these"),
    Search, and Analytics (behind the analyst key). Demo personas (``personas``, default the
    personas file) are offered only in demo mode; otherwise a visitor shops as a guest or as
    themselves (the identity in their signed cookie)."""
    controller = ChatController(services)
    demo_mode = services.settings.demo_mode
    if not demo_mode:
        personas = []
    elif personas is None:
        personas = load_demo_personas()
    brands, categories = services.catalog_facets()
    count = services.search_services.engine.health().products

    def _filters(b, c, lo, hi):
        return make_filters(b, c, lo, hi)

    # The /chat API endpoint's outputs: chatbot, message box, state, status, how-found, why-for-you, reason row.
    def _emit(view: TurnView, box=None):
        return (
            list(view.session.messages),
            gr.skip() if box is None else box,
            view.session,
            view.status,
            gr.skip() if view.how_found is None else view.how_found,
            gr.skip() if view.why is None else view.why,
            gr.update(visible=False),
        )

    def who(request: gr.Request | None) -> str | None:
        """The browser's identity from its signed cookie (None: no valid cookie, e.g. a script)."""
        if request is None:
            return None
        return services.identities.caller(dict(request.headers), dict(request.cookies))

    def chat(message, session, b, c, lo, hi, sort, request: gr.Request):
        """The /chat API endpoint: one whole turn, every output on each update (the page runs a turn as
        ``begin``, ``stream`` and ``after`` instead)."""
        try:
            filters = _filters(b, c, lo, hi)
        except ValueError as exc:
            yield _emit(TurnView(session or ChatSession.new(), f"**Error:** {exc}"))
            return
        first = True
        for view in controller.respond(message, session, filters, who(request), sort):
            yield _emit(view, "" if first else None)
            first = False

    # On the page a turn is three events. ``begin`` takes the message (the box empties, unless a filter
    # is wrong: then it keeps the text and the status says why). ``stream`` runs the turn and sets only
    # what changes on each update: in Gradio 6 every ``gr.skip()`` output is rebuilt as a component on
    # every yield, which cost more CPU per turn than the turn itself. ``after`` fills the panels, the
    # follow-up chips and the tools once.
    def begin(text, b, c, lo, hi):
        try:
            _filters(b, c, lo, hi)
        except ValueError as exc:
            return None, f"**Error:** {exc}", gr.update(visible=False)
        return text or "", "", gr.update(visible=False)

    def begin_typed(text, b, c, lo, hi):
        asked, note, reason_row = begin(text, b, c, lo, hi)
        return ("" if asked is not None else gr.skip()), asked, note, reason_row

    def _views(views):
        for view in views:
            yield list(view.session.messages), view.session, view.status

    def stream(asked, session, b, c, lo, hi, sort, request: gr.Request):
        if asked is None:  # begin refused it (a wrong filter, said in the status): leave the page as it is
            yield gr.skip(), gr.skip(), gr.skip()  # (an event that yields nothing clears its outputs)
            return
        try:
            filters = _filters(b, c, lo, hi)  # read again: a filter may have changed since begin
        except ValueError as exc:
            yield from _views([TurnView(session or ChatSession.new(), f"**Error:** {exc}")])
            return
        yield from _views(controller.respond(asked, session, filters, who(request), sort))

    def after(session):
        how_found, why_for_you = controller.panels(session)
        return (how_found, why_for_you, *tools(session))

    def tools(session):
        """After a turn: the follow-up chips, the products to compare, and "Show more" when there is more."""
        labels = followups(session.last_trace, session.last_products) if session else []
        buttons = [gr.update(value=labels[i], visible=True) if i < len(labels) else gr.update(visible=False)
                   for i in range(CHIPS)]
        choices = compare_choices(session) if session else []
        more = bool(session and session.last_trace and session.last_trace.shown)
        return (*buttons, gr.update(choices=choices, value=[], visible=len(choices) >= 2),
                gr.update(visible=len(choices) >= 2), gr.update(visible=more))

    def resort(session, sort):
        try:
            sorted_session = controller.sort(session, sort)
            return list(sorted_session.messages), sorted_session, ""
        except ValueError as exc:
            return gr.skip(), session, f"**Error:** {exc}"

    def show_more(session, sort):
        session, note = controller.show_more(session, sort)
        return list(session.messages), session, note

    def more_like(session, b, c, lo, hi, evt: gr.EventData):
        try:
            anchor = str(evt.card or "")
        except (AttributeError, TypeError):  # an event without a card (a click on the bridge itself)
            anchor = ""
        try:
            filters = _filters(b, c, lo, hi)
        except ValueError as exc:
            return gr.skip(), session, f"**Error:** {exc}"
        session, note = controller.more_like(session, anchor, filters)
        return list(session.messages), session, note

    def compare(session, picked):
        session, note = controller.compare(session, picked)
        return list(session.messages), session, note

    def example(data: gr.SelectData):
        return data.value.get("text", "") if isinstance(data.value, dict) else str(data.value)

    def retry(session, b, c, lo, hi, request: gr.Request):
        try:
            filters = _filters(b, c, lo, hi)
        except ValueError as exc:
            yield from _views([TurnView(session or ChatSession.new(), f"**Error:** {exc}")])
            return
        yield from _views(controller.retry(session, filters, who(request)))

    def undo(session):
        earlier, message = controller.undo(session)
        return list(earlier.messages), message, earlier, "Took back the last turn.", gr.update(visible=False)

    def like(session, data: gr.LikeData):
        session, status, ask = controller.like(session, data.index, data.liked)
        if ask and session.pending is not None:
            choices = list(UP_REASONS if session.pending.liked else DOWN_REASONS)
            return session, status, gr.update(visible=True), gr.update(choices=choices, value=None,
                                                                         label=f"Why? (optional) — {session.pending.target}"), ""
        return session, status, gr.update(visible=False), gr.skip(), gr.skip()

    def reason(session, why, comment):
        session, status = controller.give_reason(session, why, comment)
        return session, status, gr.update(visible=False)

    def skip_reason(session):
        return session.with_(pending=None) if session else ChatSession.new(), "", gr.update(visible=False)

    def switch_user(choice, session, request: gr.Request):
        try:
            fresh = controller.switch_user(choice, who(request))
        except (Forbidden, ValueError) as exc:
            return ([], session, controller.profile_html(None), "", render_how_found(None, {}),
                    f"**Error:** {exc}", gr.update(value=GUEST))
        return ([], fresh, controller.profile_html(fresh.user_id), "", render_how_found(None, {}),
                f"Now shopping as **{fresh.user_id or 'guest'}**; new conversation.", gr.skip())

    def new_conversation(session):
        fresh = ChatSession.new(session.user_id if session else None)
        return [], fresh, "", render_how_found(None, {}), "New conversation.", gr.update(visible=False)

    def set_aff(session, kind, key, weight):
        return controller.set_affinity(session, kind, key or "", weight), controller.profile_html(controller.acting(session))

    def remove_aff(session, kind, key):
        return controller.remove_affinity(session, kind, key or ""), controller.profile_html(controller.acting(session))

    def forget(session):
        fresh, report = controller.forget(session)
        return [], fresh, controller.profile_html(fresh.user_id), "", report, gr.update(visible=False)

    def refresh_analytics(key, include_demo, fmt, percentile):
        """Everything on the tab, or nothing without the analyst key (checked on every call: a direct
        queue call to this handler is refused the same way)."""
        try:
            data = controller.analytics(include_demo, key)
            link = controller.export_link(fmt, include_demo, key)
        except Forbidden as exc:
            empty = None
            return (f'<p class="sa-locked"><b>Analytics are locked.</b> {html.escape(str(exc))}.</p>',
                    empty, empty, empty, empty, "")
        latency = data["latency"]
        latency = latency[latency["percentile"] == percentile]
        s = data["summary"]
        ratio = "—" if s["ratio"] is None else f"{100 * s['ratio']:.0f}%"
        headline = (
            f'<div class="sa-stats" style="display:flex;gap:24px;font-size:14px">'
            f"<div><b>{s['turns']}</b> turns</div><div><b>{s['users']}</b> shoppers</div>"
            f"<div>thumbs up <b>{s['thumbs_up']}</b> · down <b>{s['thumbs_down']}</b> ({html.escape(ratio)} positive)</div></div>"
        )
        download = (f'<a href="{html.escape(link)}" download="feedback.{html.escape(fmt)}" id="sa-download-link">'
                    f"Download feedback log ({s['turns']} rows, {html.escape(fmt.upper())})</a>"
                    " <small>(one-time link, 2 minutes)</small>")
        return (headline, data["feedback"], data["queries"], data["outcomes"], latency, download)

    def search(query, b, c, lo, hi, explain):
        try:
            outcome = services.search((query or "").strip(), filters=_filters(b, c, lo, hi), k=10)
        except ValueError as exc:
            return f"<p><b>Error:</b> {html.escape(str(exc))}</p>"
        return render_search(outcome, explain)

    with gr.Blocks(title=title, fill_width=True) as demo:
        gr.HTML(
            f'<div style="display:flex;align-items:baseline;gap:12px"><h2 style="margin:0">{html.escape(title)}</h2>'
            f'<span style="color:#6b7280">{count:,} electronics products · answers by {html.escape(services.generator)}'
            "</span></div>"
        )
        if demo_mode:
            gr.HTML('<div id="sa-demo-banner" style="background:#fef3c7;border:1px solid #f59e0b;padding:6px 10px;'
                    'border-radius:6px"><b>Demo mode: personas are fictional.</b> Their histories are generated; '
                    "switching to one never touches a real shopper.</div>", elem_id="sa-demo")
        session = gr.State(None)
        # Relabels cards and thumbs for screen readers and forwards "More like this" (rag.ui.page).
        bridge = gr.HTML("", js_on_load=PAGE_JS, elem_id="sa-bridge", container=False, padding=False)
        with gr.Tab("Chat", id="chat"), gr.Row(equal_height=False):
                with gr.Column(scale=3, min_width=320):
                    # Above the chat, so a phone reaches them without scrolling past the conversation.
                    with gr.Accordion("Filters and sort", open=True, elem_id="sa-filters"):
                        with gr.Row():
                            f_brands = gr.Dropdown(brands, multiselect=True, label="Brands", elem_id="sa-brands", min_width=160)
                            f_categories = gr.Dropdown(categories, multiselect=True, label="Categories",
                                                       elem_id="sa-categories", min_width=160)
                            f_min = gr.Number(label="Min price ($, 0 = any)", minimum=0, elem_id="sa-min", min_width=120)
                            f_max = gr.Number(label="Max price ($, 0 = any)", minimum=0, elem_id="sa-max", min_width=120)
                            f_sort = gr.Dropdown(list(SORTS), value=SORTS[0], label="Sort cards", elem_id="sa-sort",
                                                 min_width=160)
                        gr.Markdown("<small>Filters combine with what you type (“under $50”, “Sony”).</small>")
                    chatbot = gr.Chatbot(
                        label="Assistant",
                        elem_id="sa-chat",
                        height="72vh",
                        min_height=480,
                        group_consecutive_messages=False,
                        feedback_options=("Like", "Dislike"),
                        placeholder="Ask for what you need: a budget, a brand or a spec helps.",
                        examples=[{"text": e} for e in EXAMPLES],
                        buttons=["copy"],
                    )
                    with gr.Row():
                        message = gr.Textbox(
                            show_label=False, placeholder="a quiet bluetooth speaker under $50 for the kitchen",
                            scale=6, elem_id="sa-message", autofocus=True, max_lines=4,
                        )
                        send = gr.Button("Send", variant="primary", scale=1, elem_id="sa-send")
                    with gr.Row(elem_id="sa-chips"):
                        chips = [gr.Button("", size="sm", visible=False, elem_id=f"sa-chip-{i}", elem_classes="sa-chip")
                                 for i in range(CHIPS)]
                    with gr.Row(elem_id="sa-tools"):
                        more_btn = gr.Button("Show more results", size="sm", visible=False, elem_id="sa-show-more", scale=1)
                        compare_pick = gr.CheckboxGroup([], label="Compare (pick 2 to 4)", visible=False,
                                                        elem_id="sa-compare-pick", scale=4)
                        compare_btn = gr.Button("Compare", size="sm", visible=False, elem_id="sa-compare", scale=1)
                    with gr.Row(visible=False, elem_id="sa-reason") as reason_row:
                        reason_pick = gr.Dropdown(list(DOWN_REASONS), label="Why? (optional)", scale=2,
                                                  allow_custom_value=True, elem_id="sa-reason-pick")
                        comment = gr.Textbox(label="Comment (optional)", scale=3, elem_id="sa-comment")
                        reason_send = gr.Button("Send reason", scale=1, elem_id="sa-reason-send")
                        reason_skip = gr.Button("Skip", scale=1, size="sm")
                    status = gr.Markdown(elem_id="sa-status")
                    new_chat = gr.Button("New conversation", size="sm", elem_id="sa-new")
                with gr.Column(scale=2, min_width=320):
                    with gr.Accordion("Shopper", open=True):
                        user = gr.Dropdown(persona_choices(personas), value=GUEST, label="Shopping as",
                                           elem_id="sa-user", interactive=True)
                        profile = gr.HTML(controller.profile_html(None), elem_id="sa-profile")
                        why = gr.HTML(elem_id="sa-why")
                        with gr.Accordion("Edit my profile", open=False):
                            with gr.Row():
                                kind = gr.Dropdown(["brand", "category", "price_band", "price_tier"], value="brand", label="Kind", scale=1)
                                key = gr.Textbox(label="Which (e.g. logitech, mouse, 25-50)", scale=2)
                            weight = gr.Slider(-5, 5, value=2, step=0.5, label="Weight (negative: show me less)")
                            with gr.Row():
                                pin = gr.Button("Set", size="sm")
                                unpin = gr.Button("Remove", size="sm")
                            profile_status = gr.Markdown()
                            forget_ask = gr.Button("Forget me", variant="stop", size="sm", elem_id="sa-forget")
                            forget_yes = gr.Button("Yes, delete everything stored about me", variant="stop",
                                                   size="sm", visible=False, elem_id="sa-forget-yes")
                    with gr.Accordion("How I found these", open=False, elem_id="sa-how-accordion"):
                        how = gr.HTML(render_how_found(None, {}), elem_id="sa-how")

        with gr.Tab("Search", id="search"):
            with gr.Row():
                query = gr.Textbox(label="What are you looking for?", placeholder="bluetooth speaker", scale=4)
                go = gr.Button("Search", variant="primary", scale=1)
            explain = gr.Checkbox(label="Explain (leg ranks and scores)", value=False)
            gr.Markdown("<small>Uses the filters of the Chat tab.</small>")
            results = gr.HTML()

        with gr.Tab("Analytics", id="analytics") as analytics_tab:
            with gr.Row():
                analyst_key = gr.Textbox(label="Analyst key", type="password", scale=2, elem_id="sa-analyst-key",
                                         placeholder="SHOPASSIST_API_KEY")
                include_demo = gr.Checkbox(True, label="Include demo personas")
                export_fmt = gr.Radio(["csv", "parquet"], value="csv", label="Export format")
                refresh = gr.Button("Unlock / refresh", elem_id="sa-refresh")
            download = gr.HTML(elem_id="sa-download")
            stats = gr.HTML(elem_id="sa-stats")
            with gr.Row():
                ratio_plot = gr.LinePlot(x="day", y="ratio", title="Answers rated thumbs up (share of thumbs, per day)",
                                         y_lim=[0, 1], x_title="day", y_title="up / (up + down)", elem_id="sa-ratio")
                outcome_plot = gr.BarPlot(x="outcome", y="rate", title="Zero-result and abstain rates (of searches)",
                                          y_lim=[0, 1], elem_id="sa-outcomes")
            with gr.Row():
                queries_plot = gr.BarPlot(x="query", y="turns", title="Top queries", sort="-y", x_label_angle=-30,
                                          y_lim=[0, None], elem_id="sa-queries")
                with gr.Column():
                    latency_plot = gr.BarPlot(x="stage", y="ms", title="Latency per stage (ms)", x_label_angle=-30,
                                              y_lim=[0, None], elem_id="sa-latency")
                    latency_pct = gr.Radio([f"p{p}" for p in PERCENTILES], value="p95", label="Percentile",
                                           elem_id="sa-percentile")

        gr.HTML(f'<footer class="sa-footer">{ICECAT_CREDIT}</footer>', elem_id="sa-footer")

        filters_in = [f_brands, f_categories, f_min, f_max]
        asked = gr.State(None)  # the message ``begin`` took, for ``stream`` (None: refused)
        chat_out = [chatbot, session, status]
        tools_out = [*chips, compare_pick, compare_btn, more_btn]
        after_out = [how, why, *tools_out]
        cards_out = [chatbot, session, status]

        def turn(event):
            """The rest of a turn after ``begin``: the streamed answer, then the panels and tools, then
            the answer's start in view."""
            event.then(stream, [asked, session, *filters_in, f_sort], chat_out, api_name=False).then(
                after, [session], after_out, api_name=False).then(None, None, None, js=SCROLL_TO_ANSWER_JS,
                                                                  api_name=False)

        def refresh_tools(event):
            """Chips, compare and "Show more" follow the conversation (hidden when it is cleared)."""
            event.then(tools, [session], tools_out, api_name=False)

        # api_name=False everywhere but chat and search: no other handler is offered as an endpoint; each
        # still checks its caller (identity, analyst key), since a queue call by fn_index reaches it anyway.
        # /chat (gradio_client) is one event with every output; the page never triggers it.
        api_chat = gr.Button(visible=False, elem_id="sa-api-chat")
        api_chat.click(chat, [message, session, *filters_in, f_sort],
                       [chatbot, message, session, status, how, why, reason_row], api_name="chat")
        typed = [message, asked, status, reason_row]
        turn(send.click(begin_typed, [message, *filters_in], typed, api_name=False))
        turn(message.submit(begin_typed, [message, *filters_in], typed, api_name=False))
        for button in chips:
            turn(button.click(begin, [button, *filters_in], [asked, status, reason_row], api_name=False))
        f_sort.input(resort, [session, f_sort], cards_out, api_name=False)
        refresh_tools(more_btn.click(show_more, [session, f_sort], cards_out, api_name=False))
        refresh_tools(bridge.click(more_like, [session, *filters_in], cards_out, api_name=False))
        compare_btn.click(compare, [session, compare_pick], cards_out, api_name=False)
        chatbot.example_select(example, None, message, api_name=False)
        retried = chatbot.retry(retry, [session, *filters_in], chat_out, api_name=False)
        retried.then(after, [session], after_out, api_name=False).then(None, None, None, js=SCROLL_TO_ANSWER_JS,
                                                                       api_name=False)
        undone = [chatbot, message, session, status, reason_row]
        refresh_tools(chatbot.undo(undo, [session], undone, api_name=False))
        cleared = [chatbot, session, why, how, status, reason_row]
        refresh_tools(chatbot.clear(new_conversation, [session], cleared, api_name=False))
        chatbot.like(like, [session], [session, status, reason_row, reason_pick, comment], api_name=False).then(
            None, None, None, js=REASON_IN_VIEW_JS, api_name=False)  # the reason row opens below the chat
        reason_send.click(reason, [session, reason_pick, comment], [session, status, reason_row], api_name=False)
        reason_skip.click(skip_reason, [session], [session, status, reason_row], api_name=False)
        refresh_tools(new_chat.click(new_conversation, [session], cleared, api_name=False))
        switched = [chatbot, session, profile, why, how, status, user]
        refresh_tools(user.input(switch_user, [user, session], switched, api_name=False))
        pin.click(set_aff, [session, kind, key, weight], [profile_status, profile], api_name=False)
        unpin.click(remove_aff, [session, kind, key], [profile_status, profile], api_name=False)
        forget_ask.click(lambda: gr.update(visible=True), None, forget_yes, api_name=False)
        forgotten = [chatbot, session, profile, why, profile_status, forget_yes]
        refresh_tools(forget_yes.click(forget, [session], forgotten, api_name=False))

        go.click(search, [query, *filters_in, explain], results, api_name="search")
        query.submit(search, [query, *filters_in, explain], results, api_name=False)

        analytics_out = [stats, ratio_plot, queries_plot, outcome_plot, latency_plot, download]
        analytics_in = [analyst_key, include_demo, export_fmt, latency_pct]
        for trigger in (refresh.click, analyst_key.submit, analytics_tab.select, include_demo.change, export_fmt.change,
                        latency_pct.change):
            trigger(refresh_analytics, analytics_in, analytics_out, api_name=False)
    # Several shoppers at once (Gradio runs one event at a time unless told otherwise); the LLM
    # queue, not Gradio's, decides who waits for the model.
    demo.queue(default_concurrency_limit=services.settings.ui_concurrency)
    return demo
