"""The page's own line breaking: the one style sheet the app adds to Streamlit's.

On a 390 px phone a Chinese heading could wrap with one character alone on its last line
("…在 22 年合同期" / "内"). Headings are balanced (``text-wrap: balance``: their lines come out
about equally long); paragraphs, list items and expander labels avoid a very short last line
(``text-wrap: pretty``). A heading is balanced rather than made "pretty" because Streamlit puts
its link-to-heading icon inline after the text: the line breaker counts that icon as a second
item on the last line, so ``pretty`` leaves the lone character. Browsers without these values
(older Firefox and Safari) ignore the declaration and wrap as before; nothing else changes.
No streamlit import here; tests/system/test_browser_headings.py checks the result in Chromium.
"""

from __future__ import annotations

#: Streamlit's caption (``st.caption``): small, the text colour at 60 % (4.9:1 on white). Written
#: once for the page's own captions: the notes inside Markdown and the icon arrays' captions.
CAPTION_LOOK = "font-size: 0.875rem; line-height: 1.6; opacity: 0.6;"

#: The style sheet (the proxy's Content-Security-Policy allows inline styles).
CSS = ("h1, h2, h3, h4, h5, h6 { text-wrap: balance; }\n"
       "[data-testid='stMarkdownContainer'] p, [data-testid='stMarkdownContainer'] li,"
       " [data-testid='stCaptionContainer'] { text-wrap: pretty; }\n"
       # a note drawn small inside Markdown (calculator.app.render.small: Streamlit's :small[...],
       # a span with its own font size, alone in its paragraph) looks like Streamlit's caption
       "[data-testid='stMarkdownContainer'] p:has(> span[style*='font-size']:only-child)"
       f" {{ {CAPTION_LOOK} }}\n"
       # the icon arrays (calculator.present.icon_svg): three columns, one under the other on a phone;
       # a caption drawn as Streamlit's (CAPTION_LOOK)
       ".cb-icon-panels { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));"
       " column-gap: 1.5rem; margin-bottom: 1rem; }\n"
       # each panel's title, picture, caption and count on the rows of the others (subgrid), so the
       # three pictures line up however many lines each title takes
       ".cb-icon-panel { margin: 0 0 0.5rem; display: grid; grid-row: span 4; grid-template-rows: subgrid;"
       " row-gap: 0.25rem; align-content: start; }\n"
       ".cb-icon-panel figcaption { text-wrap: balance; align-self: end; }\n"
       ".cb-icon-panel img.cb-icons { display: block; width: 100%; max-width: 22rem; height: auto; margin: 0 auto 0.5rem; }\n"
       ".cb-icon-panel p { margin: 0 0 0.5rem; text-wrap: pretty; }\n"
       f".cb-icon-panel .cb-caption {{ {CAPTION_LOOK} }}")
