import { describe, expect, it } from "vitest";
import { parseImage } from "./image";

describe("parseImage", () => {
  it("reads alt text and source", () => {
    expect(parseImage("![臺北街景](https://example.org/a.jpg)")).toEqual({
      alt: "臺北街景",
      src: "https://example.org/a.jpg",
    });
  });

  it("drops a Markdown title after the source", () => {
    expect(parseImage('![圖](img/b.png "說明")')).toEqual({ alt: "圖", src: "img/b.png" });
  });

  it("accepts an empty alt text", () => {
    expect(parseImage("![](c.gif)")).toEqual({ alt: "", src: "c.gif" });
  });

  it("accepts an angle-bracketed source", () => {
    expect(parseImage("![x](<d.png>)")).toEqual({ alt: "x", src: "d.png" });
  });

  it("falls back to the whole text as alt when it is not image syntax", () => {
    expect(parseImage("just words")).toEqual({ alt: "just words", src: "" });
  });
});
