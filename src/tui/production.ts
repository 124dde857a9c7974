// Imported first by run.ts, before ink and React evaluate: React picks its development or
// production build once, from NODE_ENV. The development build (extra checks, a performance
// mark per render) roughly doubles render cost during a burst; an explicit NODE_ENV wins.
process.env.NODE_ENV ??= 'production';
export {};
