import { ImportScreen } from '../imports/import-screen.tsx';
import type { ConsoleTabProps } from './console-tab.ts';

/** 导入表格 for any department: the lead office imports a unit's power list, or its proposals into the chosen campaign. */
export default function ImportTab(props: ConsoleTabProps) {
  return (
    <ImportScreen
      unit={null}
      campaign={props.campaign}
      links={{
        powerItems: (unitId) => `/list?${new URLSearchParams({ unit: unitId })}`,
        proposals: (unitId) => `/queue?${new URLSearchParams({ unit: unitId })}`,
        powerItemsOutsideApp: true,
      }}
    />
  );
}
