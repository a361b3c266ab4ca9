import { fileURLToPath } from 'node:url';

/** The bundled demo tenant; resolves the same from src/ (tests) and dist/ (the built CLI). */
export const DEMO_SNAPSHOT_PATH = fileURLToPath(new URL('../../fixtures/demo-tenant.snapshot.json', import.meta.url));
