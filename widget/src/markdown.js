// The bot's answers are markdown; this is the only place they become HTML.
// markdown-it with `html: false` escapes every tag in the text, and only the
// rules enabled below (paragraphs, line breaks, lists, emphasis, links) exist.
import MarkdownIt from "markdown-it";

const SAFE_LINK = /^(https?:|mailto:)/i;

const markdown = new MarkdownIt("zero", { html: false, linkify: false, breaks: true }).enable([
  "paragraph",
  "newline",
  "list",
  "emphasis",
  "link",
  "escape",
]);

// A link whose target is not http, https or mailto stays plain text.
markdown.validateLink = (url) => SAFE_LINK.test(url.trim());

markdown.renderer.rules.link_open = (tokens, index, options, env, renderer) => {
  tokens[index].attrSet("target", "_blank");
  tokens[index].attrSet("rel", "noopener noreferrer");
  return renderer.renderToken(tokens, index, options);
};

export function renderMarkdown(text) {
  return markdown.render(String(text ?? ""));
}
