/** The demo sign-in printed by `npm start`. Dependency-free so the start script can import it. */
export const DEMO_PASSWORD = 'engify-demo-2026'
export const DEMO_ADMIN_EMAIL = 'admin@demo.engify.local'
export const DEMO_MEMBER_EMAIL = 'member@demo.engify.local'
