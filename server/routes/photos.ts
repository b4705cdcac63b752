/** Photo bytes: PUT once by their SHA-256, HEAD/GET by those who can see a record naming them. */
import type { FastifyInstance } from 'fastify';
import { requireUser, type ServerContext } from '../context.ts';
import { ApiError } from '../http-errors.ts';
import { MAX_PHOTO_BYTES, PHOTO_TYPES, photoFor, sha256Hex, storePhoto } from '../sync/photos.ts';

const HASH = /^[0-9a-f]{64}$/;

function hashParam(params: unknown): string {
  const hash = (params as { sha256?: string }).sha256 ?? '';
  if (!HASH.test(hash)) throw new ApiError(400, 'malformed', 'a photo is named by the SHA-256 of its bytes in hex');
  return hash;
}

export function registerPhotoRoutes(app: FastifyInstance, { db }: ServerContext) {
  app.register(async (photos) => {
    // The bytes themselves, as sent: a JPEG or WebP the phone compressed, at most 2 MB.
    photos.addContentTypeParser(
      [...PHOTO_TYPES],
      { parseAs: 'buffer', bodyLimit: MAX_PHOTO_BYTES },
      (_request, body, done) => done(null, body),
    );

    photos.put('/api/blobs/:sha256', async (request, reply) => {
      requireUser(request);
      const hash = hashParam(request.params);
      const type = request.headers['content-type']?.split(';')[0]?.trim() ?? '';
      if (!(PHOTO_TYPES as readonly string[]).includes(type)) {
        throw new ApiError(415, 'unsupported_media_type', 'a photo is image/jpeg or image/webp');
      }
      const bytes = request.body as Buffer;
      if (sha256Hex(bytes) !== hash) {
        throw new ApiError(422, 'hash_mismatch', 'the bytes do not have the SHA-256 the address names');
      }
      const created = await storePhoto(db, hash, type, bytes);
      return reply.status(created ? 201 : 200).send({ hash, size: bytes.byteLength });
    });

    photos.head('/api/blobs/:sha256', async (request, reply) => {
      const user = requireUser(request);
      const photo = await photoFor(db, user, hashParam(request.params), false);
      if (!photo) throw new ApiError(404, 'not_found', 'no such photo');
      return reply.header('content-type', photo.type).header('content-length', String(photo.size)).send();
    });

    photos.get('/api/blobs/:sha256', async (request, reply) => {
      const user = requireUser(request);
      const photo = await photoFor(db, user, hashParam(request.params), true);
      if (!photo?.bytes) throw new ApiError(404, 'not_found', 'no such photo');
      // The hash names the bytes for ever: a browser may keep them, but only for this user.
      return reply
        .header('content-type', photo.type)
        .header('cache-control', 'private, max-age=31536000, immutable')
        .send(Buffer.from(photo.bytes));
    });
  });
}
