// Registers cdktf's jest matchers (toHaveResource, toHaveResourceWithProperties, ...) and their types.
import 'cdktf/lib/testing/adapters/jest';
import { Testing } from 'cdktf';

Testing.setupJest();

// Temporary project dirs made through helpers/temp.ts go when the test file ends.
import { removeTempDirs } from './helpers/temp';

afterAll(removeTempDirs);
