#!/usr/bin/env bash
# Lint the CloudFormation template `npm run package` generated. Errors fail; warnings are printed
# but do not fail (they are advice, and osls-generated parts would otherwise block us). Skipped,
# with a note, where cfn-lint is not installed (it is a Python tool: `pip install cfn-lint`); on CI
# (CI=true) a missing cfn-lint fails.
set -euo pipefail
cd "$(dirname "$0")/.."
template=.serverless/cloudformation-template-update-stack.json
if ! command -v cfn-lint >/dev/null 2>&1; then
  if [ "${CI:-}" = true ]; then
    echo "cfn-lint is not installed, and CI requires it (pip install cfn-lint)" >&2
    exit 1
  fi
  echo "cfn-lint not installed; skipping the CloudFormation lint (pip install cfn-lint)"
  exit 0
fi
if [ ! -f "$template" ]; then
  echo "no $template: run 'npm run package' first" >&2
  exit 1
fi
echo "cfn-lint $(cfn-lint --version | awk '{print $2}') on $template"
cfn-lint --non-zero-exit-code error "$template"
echo "cfn-lint: no errors"
