// The only path from a bot answer to HTML: what it must render and what it must never let through.
import assert from "node:assert/strict";
import { test } from "node:test";

import { renderMarkdown } from "../src/markdown.js";

const formatting = [
  ["**CISSP** first", "<p><strong>CISSP</strong> first</p>\n"],
  ["- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"],
  ["line one\nline two", "<p>line one<br>\nline two</p>\n"],
  ["first\n\nsecond", "<p>first</p>\n<p>second</p>\n"],
  [
    "[ISC2](https://www.isc2.org/)",
    '<p><a href="https://www.isc2.org/" target="_blank" rel="noopener noreferrer">ISC2</a></p>\n',
  ],
  [
    "[write](mailto:team@example.com)",
    '<p><a href="mailto:team@example.com" target="_blank" rel="noopener noreferrer">write</a></p>\n',
  ],
];

for (const [markdown, html] of formatting) {
  test(`renders ${JSON.stringify(markdown)}`, () => {
    assert.equal(renderMarkdown(markdown), html);
  });
}

// Every tag in the output must be one of these, and a link only to http, https or mailto.
const ALLOWED_TAG =
  /^<\/?(p|br|ul|ol|li|strong|em)>$|^<a href="(https?:|mailto:)[^"<>]*" target="_blank" rel="noopener noreferrer">$|^<\/a>$/;

const hostile = [
  "<img src=x onerror=alert(1)>",
  "<script>alert(1)</script>",
  "[click](javascript:alert(1))",
  "[click](JaVaScRiPt:alert(1))",
  "[click]( javascript:alert(1))",
  "[click](java\tscript:alert(1))",
  "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "[click](vbscript:msgbox(1))",
  "[click](//evil.example/)",
  "[click](/relative)",
  '[click](https://x.example/" onmouseover="alert(1))',
  "![pic](https://x.example/a.png)",
  "<a href=javascript:alert(1)>click</a>",
  "`<b>code</b>`",
  "# heading <iframe src=https://evil.example>",
];

for (const markdown of hostile) {
  test(`renders no markup from ${JSON.stringify(markdown)}`, () => {
    const html = renderMarkdown(markdown);
    for (const tag of html.match(/<[^>]*>/g) ?? []) assert.match(tag, ALLOWED_TAG, html);
  });
}

test("a safe link keeps its quotes escaped", () => {
  assert.match(renderMarkdown('[a](https://x.example/?q="><script>)'), /href="https:\/\/x\.example\/\?q=%22%3E%3Cscript%3E"/);
});
