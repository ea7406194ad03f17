import { contentKey, isCheapKey } from '../shared';
import { type Piece, pieceText, type SharedPiece } from './_report-sections';

/**
 * The report pieces of one compile as UTF-8 chunks, each ending with a line break (and a piece that
 * follows another starting with the blank line between them). A shared piece is
 * rendered and encoded once per `render` and distinct content of its `parts`: most clusters of a
 * fleet get equal parts (equal registry policy, samples, templates), whether or not their plans share
 * the objects. Lives for one compile (`withReports`), so nothing outlives the plans it was made from.
 *
 * Why the key is complete: `render` reads nothing but its arguments (see `SharedPiece`), and each
 * argument is plain data whose `contentKey` is equal only when the data is (the same keys in the same
 * order, the same values); plans are built once and never changed, so an object's key is kept by its
 * identity. Equal keys, equal text.
 */
export class ReportChunks {
  /** Part object → the id of its content; content key → id. */
  private readonly ids = new WeakMap<object, number | null>();
  private readonly contents = new Map<string, number>();
  /** By `render`, the chunk of each list of part ids. */
  private readonly chunks = new Map<SharedPiece['render'], Map<string, Buffer>>();
  /** Text pieces, most of them short and many alike ("No warnings."): one chunk object per text, each way. */
  private readonly texts = new Map<string, Buffer>();
  private readonly textsAfter = new Map<string, Buffer>();

  /**
   * `piece`'s text and its line break, as UTF-8; after another piece (`afterPiece`), the blank line
   * between the two first: one chunk, not two, for each piece of a report (each chunk costs every
   * reader of the report a call).
   */
  chunk(piece: Piece, afterPiece = false): Buffer {
    const lead = afterPiece ? '\n' : '';
    if (typeof piece === 'string') {
      const texts = afterPiece ? this.textsAfter : this.texts;
      let chunk = texts.get(piece);
      if (chunk === undefined) {
        chunk = Buffer.from(`${lead}${piece}\n`);
        if (isCheapKey(piece)) texts.set(piece, chunk);
      }
      return chunk;
    }
    let ids = lead;
    for (const part of piece.parts) {
      const id = this.idOf(part);
      if (id === null) return Buffer.from(`${lead}${pieceText(piece)}\n`);
      ids += `${id},`;
    }
    let byIds = this.chunks.get(piece.render);
    if (byIds === undefined) this.chunks.set(piece.render, (byIds = new Map()));
    let chunk = byIds.get(ids);
    if (chunk === undefined) byIds.set(ids, (chunk = Buffer.from(`${lead}${pieceText(piece)}\n`)));
    return chunk;
  }

  /** The id of `part`'s content, or null when it is not plain data (rendered each time then). */
  private idOf(part: object): number | null {
    let id = this.ids.get(part);
    if (id === undefined) {
      const key = contentKey(part);
      if (key === undefined) id = null;
      else {
        id = this.contents.get(key);
        if (id === undefined) this.contents.set(key, (id = this.contents.size));
      }
      this.ids.set(part, id);
    }
    return id;
  }
}
