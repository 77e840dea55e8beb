// Image blocks arrive as Markdown-style text, `![alt](src)`. The reader never loads images
// (the CSP forbids remote ones, and a document must not make the app fetch anything), so it
// shows the alt text and the source as plain text in a placeholder.

export interface ImageRef {
  alt: string;
  src: string;
}

const IMAGE = /^!\[([\s\S]*?)\]\(\s*<?([^\s>)]*)>?(?:\s+["'(][\s\S]*["')])?\s*\)$/;

export function parseImage(text: string): ImageRef {
  const match = IMAGE.exec(text.trim());
  if (!match) return { alt: text.trim(), src: "" };
  return { alt: match[1].trim(), src: match[2] };
}
