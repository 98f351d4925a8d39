import { scenarioSuite } from './scenario-suite.js';

// One third of the shipped drills (the suite is split so the files run in parallel).
scenarioSuite((i) => i % 3 === 2);
