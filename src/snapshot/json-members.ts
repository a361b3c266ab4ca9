/**
 * Reads a JSON document whose top level is an object, one member at a time and, for members whose value is an
 * array, one element at a time. Each member value or array element is cut out of the byte stream and handed to the
 * native `JSON.parse`, so the whole text never exists as one string beside the tree it becomes: for a 100 MB
 * snapshot that string and its read buffer were ~175 MB of a scan's peak.
 *
 * Why not a streaming JSON library: on the 87 MB bench snapshot, stream-json 3.8 took 13.6 s and @streamparser/json
 * 0.0.26 3.8 s where `JSON.parse` takes 1.4 s (same machine, same load). This only finds where values begin and
 * end (string quotes and escapes, bracket depth, the top-level `{ "key": value, … }` grammar); every value is still
 * checked and built by `JSON.parse`, so what is accepted, and what each value becomes, is exactly what
 * `JSON.parse` of the whole text would give (`test/unit/json-members.test.ts` compares them on generated documents).
 *
 * One difference: a UTF-8 byte order mark at the start is skipped (RFC 8259 §8.1 lets parsers ignore it).
 * Errors: `JsonSyntaxError` (its message says what and the byte offset) for text that is not one JSON object;
 * what the chunk source or the visitor throws. Grammar: https://www.rfc-editor.org/rfc/rfc8259
 */
export interface JsonMemberVisitor {
  /** A member whose value is not an array, with its parsed value. */
  value(key: string, value: unknown): void;
  /** A member whose value is an array starts; its elements follow through `element`, in order. */
  arrayStart(key: string): void;
  element(key: string, index: number, value: unknown): void;
}

export class JsonSyntaxError extends Error {
  override readonly name: string = 'JsonSyntaxError';
}

/** The text does not start with `{` (after whitespace): an array, a scalar or nothing JSON at all. */
export class JsonNotAnObjectError extends JsonSyntaxError {
  override readonly name = 'JsonNotAnObjectError';
}

/**
 * Feeds `chunks` (bytes, in order) to `visitor`. Resolves once the closing brace and trailing whitespace are read.
 * Nothing of a chunk is kept once the next is asked for (a value cut across chunks is copied), so the source may
 * read every chunk into the same buffer.
 */
export async function readJsonMembers(chunks: AsyncIterable<Uint8Array>, visitor: JsonMemberVisitor): Promise<void> {
  const reader = new MemberReader(visitor);
  for await (const chunk of chunks) reader.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  reader.end();
}

/** Text parsed by one `JSON.parse` of elements: below V8's large-object size (128 KiB), so the string dies young. */
const BATCH_BYTES = 48 << 10;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** Where the reader is in `{ "key": value, "key": [element, …], … }`. */
const State = {
  BeforeObject: 0,
  KeyOrEnd: 1,
  Key: 2,
  Colon: 3,
  ValueStart: 4,
  ElementOrEnd: 5,
  Element: 6,
  Value: 7,
  AfterMember: 8,
  AfterObject: 9,
} as const;
type State = (typeof State)[keyof typeof State];

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

class MemberReader {
  private state: State = State.BeforeObject;
  /** Bytes of the value being cut out, from earlier chunks. */
  private parts: Buffer[] = [];
  /** Inside a string of the value being cut out; `escaped`: the byte before was a backslash in that string. */
  private inString = false;
  private escaped = false;
  /** Bracket and brace depth inside the value being cut out. */
  private depth = 0;
  /** Index of the next backslash in the current chunk at or after the scan position; -1: none; -2: not looked yet. */
  private backslashAt = -2;
  private key = '';
  private index = 0;
  /** Member names started so far (a `}` right after a comma is an error, as in JSON.parse). */
  private members = 0;
  /** Offset of the current chunk in the whole input, for error messages. */
  private offset = 0;
  /**
   * Elements cut out of the current chunk and not parsed yet (`batchStarts[i]` to `batchEnds[i]`, indexes in the
   * chunk), the first of them numbered `batchIndex`: they are parsed together, as one array, by `flush`.
   */
  private batchStarts: number[] = [];
  private batchEnds: number[] = [];
  private batchIndex = 0;

  private readonly visitor: JsonMemberVisitor;

  constructor(visitor: JsonMemberVisitor) {
    this.visitor = visitor;
  }

  push(chunk: Buffer): void {
    const n = chunk.length;
    this.backslashAt = -2;
    if (this.offset === 0 && this.state === State.BeforeObject && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
      // A UTF-8 byte order mark (what Windows editors and PowerShell write) is skipped, as RFC 8259 §8.1 allows.
      this.offset = 3;
      this.push(chunk.subarray(3));
      return;
    }
    // A value cut out of earlier chunks goes on from the first byte of this one.
    let start = this.isCapturing() ? 0 : -1;
    let i = 0;
    while (i < n) {
      if (!this.isCapturing()) {
        const byte = chunk[i] as number;
        if (isWhitespace(byte)) {
          i += 1;
          continue;
        }
        i = this.structural(byte, i);
        if (this.isCapturing()) start = i;
        continue;
      }
      const stop = this.scan(chunk, i);
      if (stop < 0) {
        this.flush(chunk);
        this.parts.push(Buffer.from(chunk.subarray(start)));
        break;
      }
      const isKey = this.state === State.Key;
      const delimiter = isKey ? QUOTE : (chunk[stop] as number);
      if (this.state === State.Element && this.parts.length === 0) {
        // An element wholly inside this chunk waits to be parsed with its neighbours (see `flush`).
        this.cutElement(chunk, start, stop, delimiter);
      } else {
        // A key ends after its closing quote; an element or member value just before its delimiter (consumed here).
        this.complete(chunk.subarray(start, stop), delimiter, this.offset + stop);
      }
      start = -1;
      i = isKey ? stop : stop + 1;
    }
    this.flush(chunk);
    this.offset += n;
  }

  end(): void {
    if (this.state !== State.AfterObject) throw new JsonSyntaxError(`Unexpected end of JSON input at byte ${this.offset}`);
  }

  private isCapturing(): boolean {
    return this.state === State.Key || this.state === State.Element || this.state === State.Value;
  }

  /** A structural byte outside any value: moves the state machine; returns the next index (a value's first byte is not consumed). */
  private structural(byte: number, i: number): number {
    const unexpected = (): never => {
      throw new JsonSyntaxError(`Unexpected character ${JSON.stringify(String.fromCharCode(byte))} at byte ${this.offset + i}`);
    };
    switch (this.state) {
      case State.BeforeObject:
        if (byte !== OPEN_BRACE) throw new JsonNotAnObjectError(`expected a JSON object, found ${JSON.stringify(String.fromCharCode(byte))} at byte ${this.offset + i}`);
        this.state = State.KeyOrEnd;
        return i + 1;
      case State.KeyOrEnd:
        if (byte === CLOSE_BRACE && this.members === 0) {
          this.state = State.AfterObject;
          return i + 1;
        }
        if (byte !== QUOTE) unexpected();
        this.members += 1;
        this.beginValue(State.Key);
        return i;
      case State.Colon:
        if (byte !== COLON) unexpected();
        this.state = State.ValueStart;
        return i + 1;
      case State.ValueStart:
        if (byte === OPEN_BRACKET) {
          this.visitor.arrayStart(this.key);
          this.index = 0;
          this.state = State.ElementOrEnd;
          return i + 1;
        }
        this.beginValue(State.Value);
        return i;
      case State.ElementOrEnd:
        if (byte === CLOSE_BRACKET && this.index === 0) {
          this.state = State.AfterMember;
          return i + 1;
        }
        this.beginValue(State.Element);
        return i;
      case State.AfterMember:
        if (byte === COMMA) {
          this.state = State.KeyOrEnd;
          return i + 1;
        }
        if (byte !== CLOSE_BRACE) unexpected();
        this.state = State.AfterObject;
        return i + 1;
      default:
        return unexpected();
    }
  }

  private beginValue(state: typeof State.Key | typeof State.Element | typeof State.Value): void {
    this.state = state;
    this.parts = [];
    this.inString = false;
    this.escaped = false;
    this.depth = 0;
  }

  /**
   * Scans the value being cut out from `from`: returns the index just after a key's closing quote, or of the byte
   * that ends an element or member value (a comma, bracket or brace at depth 0 outside strings); -1 when the chunk
   * ends first.
   */
  private scan(chunk: Buffer, from: number): number {
    const n = chunk.length;
    let i = from;
    while (i < n) {
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
          i += 1;
          continue;
        }
        // Jump to the next quote or backslash with the native search: strings are most of a snapshot's bytes.
        const quote = chunk.indexOf(QUOTE, i);
        if (this.backslashAt !== -1 && this.backslashAt < i) this.backslashAt = chunk.indexOf(BACKSLASH, i);
        const backslash = this.backslashAt;
        if (backslash >= 0 && (quote < 0 || backslash < quote)) {
          this.escaped = true;
          i = backslash + 1;
          continue;
        }
        if (quote < 0) return -1;
        this.inString = false;
        i = quote + 1;
        if (this.state === State.Key) return i;
        continue;
      }
      const byte = chunk[i] as number;
      if (byte === QUOTE) {
        this.inString = true;
      } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
        this.depth += 1;
      } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
        if (this.depth === 0) return i;
        this.depth -= 1;
      } else if (byte === COMMA && this.depth === 0) {
        return i;
      }
      i += 1;
    }
    return -1;
  }

  /**
   * An element from `start` to `stop` of `chunk`, before `delimiter`: kept for `flush` and the next state taken. The
   * batch is parsed at once when the array ends, before the text grows past BATCH_BYTES, and at the end of the chunk,
   * so the visitor sees every element in order before anything that follows it.
   */
  private cutElement(chunk: Buffer, start: number, stop: number, delimiter: number): void {
    if (this.batchStarts.length === 0) this.batchIndex = this.index;
    else if (stop - (this.batchStarts[0] as number) > BATCH_BYTES) {
      this.flush(chunk);
      this.batchIndex = this.index;
    }
    this.batchStarts.push(start);
    this.batchEnds.push(stop);
    this.index += 1;
    if (delimiter === COMMA) {
      this.state = State.ElementOrEnd;
      return;
    }
    // `]` ends the array; anything else is an error, raised (as by `complete`) once the elements before it are handed on.
    this.flush(chunk);
    if (delimiter === CLOSE_BRACKET) this.state = State.AfterMember;
    else throw new JsonSyntaxError(`Unexpected character ${JSON.stringify(String.fromCharCode(delimiter))} at byte ${this.offset + stop}`);
  }

  /**
   * Parses the elements `cutElement` kept, as one array: one `JSON.parse` for up to BATCH_BYTES of text instead of
   * one per element (a Buffer view, a string and a parse for each of 250,000 elements were a fifth of a snapshot's
   * read). The elements are complete values between top-level commas, so the array parses exactly when each does,
   * into the same values. When it does not, they are parsed one by one as `complete` would, for the same error.
   */
  private flush(chunk: Buffer): void {
    const starts = this.batchStarts;
    const ends = this.batchEnds;
    const count = starts.length;
    if (count === 0) return;
    this.batchStarts = [];
    this.batchEnds = [];
    let values: unknown;
    try {
      values = JSON.parse(`[${chunk.toString('utf8', starts[0], ends[count - 1])}]`);
    } catch {
      values = undefined;
    }
    for (let i = 0; i < count; i += 1) {
      const value = Array.isArray(values) && values.length === count ? values[i] : parse(chunk.subarray(starts[i], ends[i]), this.offset + (ends[i] as number));
      this.visitor.element(this.key, this.batchIndex + i, value);
    }
  }

  /** The value ended (at absolute offset `at`, before `delimiter`): parse it, hand it on, take the next state. */
  private complete(tail: Buffer, delimiter: number, at: number): void {
    const bytes = this.parts.length === 0 ? tail : Buffer.concat([...this.parts, tail]);
    this.parts = [];
    const value = parse(bytes, at);
    const unexpected = (): never => {
      throw new JsonSyntaxError(`Unexpected character ${JSON.stringify(String.fromCharCode(delimiter))} at byte ${at}`);
    };
    switch (this.state) {
      case State.Key:
        if (typeof value !== 'string') throw new JsonSyntaxError(`Expected a member name at byte ${at}`);
        this.key = value;
        this.state = State.Colon;
        return;
      case State.Element:
        this.visitor.element(this.key, this.index, value);
        this.index += 1;
        if (delimiter === COMMA) this.state = State.ElementOrEnd;
        else if (delimiter === CLOSE_BRACKET) this.state = State.AfterMember;
        else unexpected();
        return;
      case State.Value:
        this.visitor.value(this.key, value);
        if (delimiter === COMMA) this.state = State.KeyOrEnd;
        else if (delimiter === CLOSE_BRACE) this.state = State.AfterObject;
        else unexpected();
        return;
      default:
        unexpected();
    }
  }
}

function parse(bytes: Buffer, at: number): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (error: unknown) {
    const detail = error instanceof Error ? error.message : 'invalid JSON';
    throw new JsonSyntaxError(`${detail} (in the value ending at byte ${at})`);
  }
}
