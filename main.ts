// The lightbulb monitoring app: one stack per environment (stacks/), composed from the same
// constructs. Synth needs no server: the ClickHouse provider reads it when Terraform plans.
import { App } from 'cdktf';
import { buildStacks } from './stacks';

const app = new App();
buildStacks(app);
app.synth();
