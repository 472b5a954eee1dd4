/**
 * Shapes of the SCIM admin ("link") endpoints that the published user-provisioning spec (2024-09)
 * lacks, written as a small OpenAPI 3.0 document so the same contract harness checks them.
 *
 * Source: the sources listed in spec/atlassian/README.md, "Operations the documents lack" (jira.js
 * models and Atlassian's admin-API page). Only what they state is encoded:
 * - get-scim-links / get-scim-links-for-email → 200 `{"scimLinks":[ScimUserLink]}`;
 * - get-scim-links-for-email takes `{"email": "..."}`;
 * - unlink → no body (status UNCONFIRMED there, "204 likely"; 204 is what is checked here).
 * Error bodies of these endpoints are UNCONFIRMED (§5), so error statuses are listed without a
 * body schema: the status is checked by the contract tests, the body is not constrained. No rate
 * limit (429) is documented for them (§5), so none is listed.
 */
export const DOCS_SPEC_FILE = 'docs:atlassian-admin-apis.md#2.1';

const linkPath = {
  getByAccountId: '/admin/user-provisioning/v1/org/{orgId}/user/{aaId}/get-scim-links',
  getForEmail: '/admin/user-provisioning/v1/org/{orgId}/get-scim-links-for-email',
  unlink:
    '/admin/user-provisioning/v1/org/{orgId}/scimDirectoryId/{scimDirectoryId}/scimUserId/{scimUserId}/unlink',
} as const;

const undocumentedErrors = {
  '400': { description: 'Invalid request (body not documented).' },
  '401': { description: 'Missing or wrong credentials (body not documented).' },
  '403': { description: 'Key without permission (body not documented).' },
  '404': { description: 'Organization, user or link not found (body not documented).' },
  '500': { description: 'Server error (body not documented).' },
  '503': { description: 'Unavailable (body not documented).' },
};

const linksResponse = {
  description: 'SCIM links of the account (or of the accounts with that email).',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ScimLinksResponse' } } },
};

export const docsSpecDocument = {
  openapi: '3.0.3',
  info: { title: 'SCIM admin link APIs (from docs §2.1)', version: '2026-11' },
  paths: {
    [linkPath.getByAccountId]: {
      get: { responses: { '200': linksResponse, ...undocumentedErrors } },
    },
    [linkPath.getForEmail]: {
      post: {
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['email'],
                additionalProperties: false,
                properties: { email: { type: 'string', minLength: 1 } },
              },
            },
          },
        },
        responses: { '200': linksResponse, ...undocumentedErrors },
      },
    },
    [linkPath.unlink]: {
      patch: {
        // atlassian-python-api sends `{}`; the docs define no body, so an empty object is accepted too.
        requestBody: {
          required: false,
          content: {
            'application/json': {
              schema: { type: 'object', additionalProperties: false, properties: {} },
            },
          },
        },
        responses: { '204': { description: 'Unlinked; no body.' }, ...undocumentedErrors },
      },
    },
  },
  components: {
    schemas: {
      ScimLinksResponse: {
        type: 'object',
        required: ['scimLinks'],
        additionalProperties: false,
        properties: {
          scimLinks: { type: 'array', items: { $ref: '#/components/schemas/ScimUserLink' } },
        },
      },
      ScimUserLink: {
        type: 'object',
        required: ['scimUserId', 'atlassianAccountId', 'orgId', 'directoryId'],
        additionalProperties: false,
        properties: {
          scimUserId: { type: 'string', minLength: 1 },
          atlassianAccountId: { type: 'string', nullable: true },
          orgId: { type: 'string', minLength: 1 },
          directoryId: { type: 'string', minLength: 1 },
        },
      },
    },
  },
} as const;
