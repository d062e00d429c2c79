// Tests must never pick up a developer's .env or live credentials: each test builds its own config.
process.env.TZ = 'UTC';
