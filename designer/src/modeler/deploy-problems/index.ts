/** The `deployProblems` service: the server's deploy problems drawn on their elements. */
import DeployProblems from './DeployProblems';

export default {
  __init__: ['deployProblems'],
  deployProblems: ['type', DeployProblems],
};
