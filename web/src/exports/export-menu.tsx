import { For } from 'solid-js';
import { locale } from '../i18n/locale.ts';
import { exportUrl, officialListsUrl, type ExportFormat, type ExportList } from './export-url.ts';
import { strings } from './strings.ts';
import './exports.css';

const formats: readonly ExportFormat[] = ['xlsx', 'csv'];

/**
 * 导出 / Export: a disclosure with a download link per format for the list as it is shown now
 * (`variables`: the list query's filter and order).
 */
export function ExportMenu(props: { list: ExportList; variables: Record<string, unknown> }) {
  const t = () => strings();
  return (
    <details class="export-menu">
      <summary>{t().export}</summary>
      <ul>
        <For each={formats}>
          {(format) => (
            <li>
              <a href={exportUrl(props.list, format, props.variables, locale())} download="">
                {t()[format]}
              </a>
            </li>
          )}
        </For>
      </ul>
    </details>
  );
}

/** The campaign's 精简事项目录 downloads (the server decides who may have them before publication). */
export function OfficialListLinks(props: { campaignId: string }) {
  const t = () => strings();
  return (
    <p class="official-lists">
      <span>{t().officialLists}：</span>
      <a href={officialListsUrl(props.campaignId, 'xlsx')} download="">
        {t().officialXlsx}
      </a>
      <a href={officialListsUrl(props.campaignId, 'docx')} download="">
        {t().officialDocx}
      </a>
    </p>
  );
}
