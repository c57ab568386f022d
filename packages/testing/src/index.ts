export { dropDatabasesWithPrefix, randomSuffix, withDatabase } from "./databases";
export { testDatabaseServerUrl, testPool, testRedisUrl } from "./env";
export { createOwnRedis, freePort, type OwnRedis } from "./own-redis";
export { createTestDatabase, createTestRedisPrefix, type TestRun, testRun } from "./run";
export { createTestStorage, type TestStorage } from "./storage";
