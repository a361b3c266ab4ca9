/**
 * Entra directory roles: definitions from beta (the only version with `isPrivileged`, [S39]) and
 * every role assignment (v1.0).
 */
import type { SnapshotDirectoryRoleAssignment, SnapshotDirectoryRoleDefinition } from '../../snapshot/schema.js';
import type { GraphApi } from './client.js';
import { listAllPages } from './paging.js';
import { directoryRoleAssignmentFromWire, directoryRoleDefinitionFromWire } from './wire-mapping.js';

export interface DirectoryRoles {
  readonly definitions: SnapshotDirectoryRoleDefinition[];
  readonly assignments: SnapshotDirectoryRoleAssignment[];
}

export async function readDirectoryRoles(api: GraphApi): Promise<DirectoryRoles> {
  const [definitions, assignments] = await Promise.all([
    listAllPages(api, '/roleManagement/directory/roleDefinitions?$select=id,templateId,displayName,isBuiltIn,isPrivileged', 'beta'),
    listAllPages(api, '/roleManagement/directory/roleAssignments?$select=id,principalId,roleDefinitionId,directoryScopeId'),
  ]);
  return {
    definitions: definitions.map(directoryRoleDefinitionFromWire).filter((entry): entry is SnapshotDirectoryRoleDefinition => entry !== undefined),
    assignments: assignments.map(directoryRoleAssignmentFromWire).filter((entry): entry is SnapshotDirectoryRoleAssignment => entry !== undefined),
  };
}
