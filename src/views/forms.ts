import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { type AppError, isAppError } from '../platform/errors.js';
import { sendPage } from './render.js';

/**
 * Run a form's action. A problem the person can fix (an AppError: a missing
 * field, a taken slug, an expired form) shows the form again with its
 * message, answered with the error's status, so nothing they typed is lost.
 * Anything else, and the errors `rethrow` picks (a missing page, a role that
 * may not), goes on to the site's error handler.
 */
export async function submitForm(
  reply: FastifyReply,
  action: () => Promise<FastifyReply>,
  form: (error: AppError) => VNode | Promise<VNode>,
  rethrow: (error: AppError) => boolean = () => false,
): Promise<FastifyReply> {
  try {
    return await action();
  } catch (err) {
    if (!isAppError(err) || rethrow(err)) throw err;
    return sendPage(reply, await form(err), err.status);
  }
}

/** For `rethrow`: a page that does not exist, or an action the role may not take, is not the form's to show. */
export const missingOrForbidden = (err: AppError): boolean => err.status === 404 || err.status === 403;
