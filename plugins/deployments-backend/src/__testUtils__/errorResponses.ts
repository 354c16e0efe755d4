import express from 'express';

const statusByName: Record<string, number> = {
  InputError: 400,
  AuthenticationError: 401,
  NotAllowedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
};

/** Backstage's error responses (name → status, `{ error: { name, message } }`) for a bare router. */
export function errorResponses(): express.ErrorRequestHandler {
  return (error, _req, res, _next) => {
    res.status(statusByName[error.name] ?? 500).json({
      error: { name: error.name, message: error.message },
    });
  };
}
