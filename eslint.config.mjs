import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/**
 * Import boundaries (docs/architecture.md, "Import rules"), checked by `no-restricted-imports`. That
 * rule sees only the specifier, so each folder's rule is generated per file depth: from a file N folders
 * below the repository root, `src/proxy` is exactly `../` × (N − 1) + `proxy` (or `../` × N + `src/proxy`).
 * Every file of a folder gets one combined rule, because a later config object replaces an earlier one.
 */
const DEPTHS = [0, 1, 2, 3, 4, 5, 6];
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
function boundary(root, forbidden) {
  const rootSegments = root.split('/');
  return DEPTHS.map((extra) => {
    const depth = rootSegments.length + extra;
    const patterns = forbidden.map(({ target, message, except }) => {
      const targetSegments = target.split('/');
      let common = 0;
      while (common < rootSegments.length && rootSegments[common] === targetSegments[common]) common += 1;
      const rest = targetSegments.slice(common).join('/');
      const tail = except ? `(?!${except.map(escape).join('|')})` : '(/|$)';
      return { regex: `^(\\.\\./){${depth - common}}${escape(rest)}${tail}`, message };
    });
    return {
      files: [`${root}/${'*/'.repeat(extra)}*.{ts,tsx,mts}`],
      rules: { 'no-restricted-imports': ['error', { patterns }] },
    };
  });
}
const sandbox = {
  target: 'src/sandbox',
  message: 'Deployed code never imports the sandbox (simulator, local Forge runtime, Jira shell).',
};
const appCode = (names, message) => names.map((name) => ({ target: `src/${name}`, message }));
const LIBRARY = 'src/atlassian, src/keycloak and src/lib are libraries: they import no application code.';
const FORGE = 'The Forge app reaches the proxy only through its contract, src/contract/proxy.';
const PROXY = 'The proxy side never imports the Forge app.';
const CONTRACT = 'The contract is shared by both sides and imports neither.';
const PAGES = 'Pages import only the contract (src/contract) and their shared UI (static/shared).';
const boundaries = [
  ...['src/atlassian', 'src/keycloak', 'src/lib'].flatMap((root) =>
    boundary(root, [sandbox, ...appCode(['contract', 'forge', 'proxy', 'cli', 'doctor'], LIBRARY)]),
  ),
  ...boundary('src/contract', [
    sandbox,
    ...appCode(['forge', 'proxy', 'cli', 'doctor', 'atlassian', 'keycloak'], CONTRACT),
  ]),
  ...boundary('src/forge', [sandbox, ...appCode(['proxy', 'cli', 'doctor', 'keycloak', 'atlassian'], FORGE)]),
  ...['src/proxy', 'src/cli', 'src/doctor'].flatMap((root) =>
    boundary(root, [sandbox, ...appCode(['forge'], PROXY)]),
  ),
  ...boundary('static', [{ target: 'src/', except: ['contract/'], message: PAGES }]),
  {
    files: ['src/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^\\./sandbox(/|$)', message: sandbox.message }] },
      ],
    },
  },
  {
    // Pure rules take what they need as arguments; I/O and platform code live beside domain/, not in it.
    files: ['src/**/domain/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'ImportDeclaration[source.value=/^(node:|@forge\\/|@hono\\/|hono$|hono\\/|jose$|pino$|fs$|http$|https$)/]',
          message: 'domain/ holds pure rules: no Node, Forge, HTTP, crypto or logging imports.',
        },
      ],
    },
  },
];

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'coverage', '.sandbox', 'static/**/build', 'tools/keytar-stub'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  ...boundaries,
  prettier,
);
