// Help text. Kept free of imports so `sessionfleet --help` loads nothing but this and the parser.
import type { CommandName } from "./command-types.js";

const SESSION = `Credentials and endpoint:
  --profile P           a profile of ~/.aws/config (SSO, role_arn chains, credential_process work;
                        a role's mfa_serial code from SESSIONFLEET_MFA_CODE or asked on the terminal)
  --region R            default region (else AWS_REGION or the profile's region)
  --endpoint-url URL    send every request to URL (e.g. a local sandbox)
  --sandbox             start an embedded sandbox with a demo organisation and run against it
  --no-cache            keep assumed-role credentials in memory only (default: reuse them across
                        runs from the file cache, see sessionfleet cache --help)
  --cache dynamodb:T    share assumed-role credentials with every process using DynamoDB table T
                        (one AssumeRole per role across a fleet; sealed with SESSIONFLEET_CACHE_KEY,
                        32 bytes in base64, or with --cache-kms-key; see docs/shared-store.md)
  --cache-kms-key ID    seal the shared store's entries with this KMS key (envelope encryption)`;

const OUTPUT = `Output:
  -f, --format F        table (default), json, csv (RFC 4180), ndjson (one record per line, as it
                        finishes) or matrix (counts: accounts x regions with totals)
  --all-columns         matrix: keep regions whose counts are all 0 (default: folded into "others")
  -q, --quiet           print only the result: no progress, no failure summary on stderr
  --verbose             also list every failed target on stderr, one line each`;

const TARGETS = `Targets (one per account x role x region):
  --accounts ID,ID|org  account ids, or every ACTIVE account of the organisation (default: your own)
  --accounts sso        every account your IAM Identity Center sign-in (--profile's sso_session)
                        reaches; --role names permission sets (run aws sso login first)
  --ou ID               only the accounts under this organizational unit (repeatable; implies org)
  --tag KEY=VALUE       only accounts with this tag (repeatable, all must match; KEY=V1,V2: any of; implies org)
  --name GLOB           only accounts whose name matches (repeatable; * and ?; implies org)
  --exclude ID|GLOB,... leave out these account ids or names
  --include-self        also run your own (management) account, with your own credentials (no role)
  --accounts-file FILE  the accounts of a c7n-org accounts.yml, .json or .csv (per-account role, regions)
  --role NAME|ARN       role to assume in each account (repeatable)
  --regions R,R|enabled|all
                        regions (default: --region); enabled = each account's enabled regions
  --external-id X       external id for AssumeRole
  --session-name S      role session name (default sessionfleet-<unix seconds>)
  --duration D          role session duration: seconds or 15m, 1h (900s to 12h)
  --concurrency N       requests in flight at once: tasks, AssumeRole, discovery (default 16)
  --per-account N       at most N targets of one account at once (AWS quotas are per account)
  --per-region N        at most N targets in one region at once, across accounts
  --timeout T           per-target limit: ms or 30s, 2m (includes waiting for credentials;
                        also bounds each discovery request, 30s without it)
  --shard I/N|auto      run only the I-th of N deterministic slices of the targets (1-based); auto
                        reads GitLab, CircleCI, Buildkite, Kubernetes Indexed Job or AWS Batch variables
  --shard-count N       the number of slices, for --shard auto on Kubernetes or AWS Batch
  --mfa-serial ARN      MFA device for every AssumeRole; the code from --mfa-code C,
                        SESSIONFLEET_MFA_CODE, or asked once on the terminal (--mfa-code shows in
                        the process list to other users: the variable or the prompt is the safe way)
  --workers N|auto      run on N worker threads (auto = cores - 1); option-groups and call
  --allow-failures      list failed targets but exit 0`;

const EXIT = `Exit codes: 0 all targets ok, 1 some targets failed, 2 bad usage, input or configuration (nothing was sent),
130 interrupted (Ctrl-C once: running targets finish; twice: they stop; finished records are printed).`;

const PROGRAM = `sessionfleet - run AWS SDK v3 work across many accounts, roles and regions

Usage: sessionfleet <command> [options]

Commands:
  option-groups   count RDS option groups per target, with a total
  whoami          GetCallerIdentity per target: proves role access in each account
  exec            run a command once per target with that target's credentials
  regions         the account's regions with their opt-in status
  accounts        the organisation's accounts
  call            any operation of any installed @aws-sdk/client-<service>, per target
  merge           merge the ndjson outputs of --shard runs into one report
  sandbox         run a local AWS sandbox with a demo organisation and print its env
  cache           list or clear the cached assumed-role credentials

Options:
  -h, --help      help (also: sessionfleet <command> --help)
  -V, --version   print the version

Examples:
  sessionfleet option-groups --regions us-east-1,us-west-1
  sessionfleet option-groups --accounts org --role OrganizationAccountAccessRole --regions enabled
  sessionfleet whoami --accounts 111111111111,222222222222 --role Audit --format json
  sessionfleet call ec2 DescribeVpcs --accounts org --role Audit --regions all --format ndjson
  sessionfleet option-groups --sandbox --accounts org --role OrganizationAccountAccessRole

${EXIT}`;

const COMMAND_HELP: Record<CommandName, string> = {
  "option-groups": `Usage: sessionfleet option-groups [targets] [options]

Counts the RDS option groups (DescribeOptionGroups, all pages) of each target; the total is their sum.

${TARGETS}

${SESSION}

${OUTPUT}

Examples:
  sessionfleet option-groups --regions us-east-1,us-west-1
  sessionfleet option-groups --accounts org --role OrganizationAccountAccessRole --regions enabled
  sessionfleet option-groups --tag env=prod --exclude 'sandbox-*' --role OrganizationAccountAccessRole
  sessionfleet option-groups --accounts-file accounts.yml --role OrganizationAccountAccessRole
  sessionfleet option-groups --profile ops --accounts 111111111111 --role Audit --format json

${EXIT}`,
  whoami: `Usage: sessionfleet whoami [targets] [options]

Calls STS GetCallerIdentity for each target, proving the role can be assumed in each account.
The total is the number of targets that answered.

${TARGETS}

${SESSION}

${OUTPUT}

Examples:
  sessionfleet whoami
  sessionfleet whoami --accounts org --role OrganizationAccountAccessRole --format csv

${EXIT}`,
  exec: `Usage: sessionfleet exec [targets] [options] -- <command> [args...]

Runs the command once per target with the target's credentials in its environment: AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION, AWS_DEFAULT_REGION, AWS_ENDPOINT_URL and
AWS_ENDPOINT_URL_<SERVICE> (the endpoints the run resolved), SESSIONFLEET_ACCOUNT_ID,
SESSIONFLEET_ACCOUNT_NAME (when known), SESSIONFLEET_ROLE_ARN. AWS_CONFIG_FILE and
AWS_SHARED_CREDENTIALS_FILE point at empty files of the run, AWS_EC2_METADATA_DISABLED=true, and
every other inherited AWS_* variable naming a profile, credentials or endpoint is removed.
A non-zero exit fails the target.
  --shell               run the command through the shell (then it is one string)
  --output-dir DIR      write DIR/<account>/<region>.out and .err (new 0600 files) instead of prefixed
                        lines; DIR must be yours and writable by no one else
  --serve-credentials   give the child a local credential endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI
                        with a per-child AWS_CONTAINER_AUTHORIZATION_TOKEN, revoked when it exits)
                        instead of static keys, so long-running children refresh on their own
--timeout stops a child with what it started (SIGTERM, then SIGKILL after 2 s). Ctrl-C once: no new
child starts, running ones finish; twice: SIGINT, SIGTERM 2 s later, SIGKILL 2 s after that.

${TARGETS}

${SESSION}

${OUTPUT}

Examples:
  sessionfleet exec --accounts org --role Audit --regions us-east-1 -- aws s3 ls
  sessionfleet exec --accounts org --role Audit --shell -- 'aws ec2 describe-vpcs | jq ".Vpcs | length"'
  sessionfleet exec --accounts org --role Audit --output-dir out --format json -- ./audit.sh

${EXIT}`,
  call: `Usage: sessionfleet call <service> <Operation> [--input JSON] [targets] [options]

Sends one operation of an installed @aws-sdk/client-<service> package to each target.
<service> is the package suffix (ec2, rds, sts, ...); <Operation> is DescribeVpcs or describe-vpcs.
  --input JSON          the operation's input, e.g. '{"MaxResults": 5}' (default {})
  --no-paginate         only the first page (default: every page, merged, when the package has
                        a paginate<Operation>)
  --max-items N         stop paging once the lists hold N items, and cut them to N
  --max-pages N         fail a target that still hands out new page tokens after N pages
                        (default 10000: a service or proxy that never stops paging)
  --query EXPR          a JMESPath expression applied to each target's output, as in the AWS CLI
The total is the number of targets that answered.

${TARGETS}

${SESSION}

${OUTPUT}

Examples:
  sessionfleet call sts GetCallerIdentity --accounts org --role Audit
  sessionfleet call ec2 DescribeVpcs --regions us-east-1,eu-west-1 --format json
  sessionfleet call rds describe-db-instances --input '{"MaxRecords": 20}' --format ndjson

${EXIT}`,
  regions: `Usage: sessionfleet regions [--all] [options]

Lists the regions of the caller's account with their opt-in status (Account ListRegions).
  --all                 include regions that are not enabled

${SESSION}

${OUTPUT}

Examples:
  sessionfleet regions
  sessionfleet regions --all --format json

${EXIT}`,
  accounts: `Usage: sessionfleet accounts [--accounts org|sso] [--ou ID] [--tag K=V] [--name GLOB] [--exclude ID|GLOB,...] [--include-self] [--accounts-file F] [options]

Lists the ACTIVE accounts of the organisation (run it with management or delegated-admin credentials).
With any selection flag it lists exactly the accounts a run with the same flags would target, with
their tags, and says on stderr which accounts were left out and why.
  --accounts sso        the accounts of your IAM Identity Center sign-in (--profile's sso_session),
                        with your permission sets in each (--name, --exclude, --accounts-file narrow it)
  --ou ID               only the accounts under this organizational unit (repeatable)
  --tag KEY=VALUE       only accounts with this tag (repeatable, all must match; KEY=V1,V2: any of)
  --name GLOB           only accounts whose name matches (repeatable; * and ?)
  --exclude ID|GLOB,... leave out these account ids or names
  --include-self        include your own account (a run would use your own credentials for it)
  --accounts-file FILE  the accounts of a c7n-org accounts.yml, .json or .csv instead of the organisation

${SESSION}

${OUTPUT}

Examples:
  sessionfleet accounts
  sessionfleet accounts --ou ou-ab12-cd34ef56 --format csv
  sessionfleet accounts --tag env=prod --tag team=payments,search

${EXIT}`,
  merge: `Usage: sessionfleet merge FILE... [--format F]

Merges the ndjson outputs of the shards of one run (--shard ... --format ndjson) and prints what
one unsharded run prints (stdout, stderr, exit code). Every shard must appear exactly once, whole
and unedited; a missing, repeated, truncated, edited or foreign shard, or a target in two files, is
named on stderr and the exit code is 1.

${OUTPUT}
  --allow-failures      list failed targets but exit 0

Examples:
  sessionfleet merge shard-*.ndjson --format json > report.json
  sessionfleet merge shard-*.ndjson --format matrix

Exit codes: 0 all targets ok, 1 some targets failed or shards do not add up, 2 bad usage or input.`,
  sandbox: `Usage: sessionfleet sandbox [--port N] [--latency T]

Starts a local AWS sandbox (STS, RDS, Organizations, Account, EC2) with a demo organisation, prints
the environment to use it, and runs until Ctrl-C (or SIGTERM), when it prints its request counters
(requests per action, AssumeRole calls, most requests in flight) on stderr.
  --port N              port on 127.0.0.1 (default 0: any free port; the real one is printed)
  --latency T           delay every AWS answer by T: milliseconds, or 400ms, 2s (default 0),
                        e.g. to try Ctrl-C or --timeout on a run
Counters while it runs, as JSON: GET <endpoint>/_sandbox/stats (not counted itself), e.g.
  curl -s "$AWS_ENDPOINT_URL/_sandbox/stats"

Examples:
  sessionfleet sandbox --port 4566
  sessionfleet sandbox --port 4566 &           # then paste the printed export lines into your shell
  sessionfleet sandbox --latency 400ms
  sessionfleet whoami --endpoint-url http://127.0.0.1:4566 --accounts 200000000001 --role OrganizationAccountAccessRole`,
  cache: `Usage: sessionfleet cache list | clear [--expired]

Assumed-role credentials are cached in files (0600, in a 0700 directory) and reused by later runs
until 5 minutes before they expire, so a second run calls AssumeRole (and asks for an MFA code)
no more. Directory: $SESSIONFLEET_CACHE_DIR, else $XDG_CACHE_HOME/sessionfleet, else
~/.cache/sessionfleet. --no-cache on a command turns the cache off for that run.
  list                  key, role ARN, account and expiry of each entry (never a secret)
  clear                 delete every entry
  --expired             with clear: delete only expired, corrupt and foreign entries
  -f, --format F        table (default) or json
  --cache dynamodb:T    list or clear the shared DynamoDB store T instead (needs no key; uses
                        --region / --profile and AWS_ENDPOINT_URL_DYNAMODB like the SDK)

Examples:
  sessionfleet cache list
  sessionfleet cache clear --expired
  sessionfleet cache list --cache dynamodb:sessionfleet-credentials --region us-east-1`,
};

/** The help text of the program, or of one command. */
export function helpText(topic?: CommandName): string {
  return topic === undefined ? PROGRAM : COMMAND_HELP[topic];
}
