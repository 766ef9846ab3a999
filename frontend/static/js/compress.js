// Photos of documents, made small in the browser before they are stored or sent: decoded with the
// camera's orientation applied, scaled to at most MAX_SIDE pixels on the long side and re-encoded as JPEG
// (which also drops all metadata, e.g. the location). Formats the browser cannot decode (HEIC on most
// browsers) return null: the original goes to the server, which converts it.

export const MAX_SIDE = 2000;
export const TARGET_BYTES = 500 * 1024;

async function decode(file) {
  try {
    return await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch {
    return null;
  }
}

function canvasOf(width, height) {
  if (typeof OffscreenCanvas !== "undefined") return new OffscreenCanvas(width, height);
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  return canvas;
}

function encode(canvas, quality) {
  if (canvas.convertToBlob) return canvas.convertToBlob({ type: "image/jpeg", quality });
  return new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", quality));
}

export async function compressImage(file, { maxSide = MAX_SIDE, targetBytes = TARGET_BYTES } = {}) {
  const bitmap = await decode(file);
  if (!bitmap) return null;
  try {
    let scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
    let quality = 0.82;
    for (let attempt = 0; ; attempt += 1) {
      const width = Math.max(1, Math.round(bitmap.width * scale));
      const height = Math.max(1, Math.round(bitmap.height * scale));
      const canvas = canvasOf(width, height);
      const context = canvas.getContext("2d");
      context.fillStyle = "#fff"; // transparent areas of a PNG become white, not black
      context.fillRect(0, 0, width, height);
      context.imageSmoothingQuality = "high";
      context.drawImage(bitmap, 0, 0, width, height);
      const blob = await encode(canvas, quality);
      if (blob.size <= targetBytes || attempt >= 6) return { blob, width, height };
      if (quality > 0.62) quality -= 0.1;
      else scale *= 0.85;
    }
  } finally {
    bitmap.close?.();
  }
}
