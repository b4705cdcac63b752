/**
 * Roster import: download the template, check a filled-in file (every bad row by its row number,
 * column and reason, nothing written), then import it. Importing the same file again changes
 * nothing; an edited file updates what changed. Imported records reach phones by their next pull.
 */
import { useState } from 'preact/hooks';
import type { ImportKind, ImportReport } from '../../shared/desk-messages.ts';
import { useI18n } from '../i18n/index.ts';
import { useApp } from '../session.ts';
import { importRoster, templateUrl } from './api.ts';
import { errorWords, TableScroll } from './common.tsx';

function Report({ report, dryRun }: { report: ImportReport; dryRun: boolean }) {
  const { t } = useI18n();
  const rejectedRows = new Set(report.rejected.map((rejection) => rejection.row)).size;
  return (
    <section class="pane wide" aria-labelledby="import-report" data-testid="import-report">
      <h2 id="import-report">{dryRun ? t('importReportTitle') : t('importResultTitle')}</h2>
      <p data-testid="import-figures">
        {t('importFigures', {
          rows: report.rows,
          created: report.created,
          updated: report.updated,
          unchanged: report.unchanged,
          rejected: rejectedRows,
        })}
      </p>
      {dryRun && <p class="muted">{t('importNothingWritten')}</p>}
      {report.rejected.length === 0 ? (
        <p class="desk-ok">{t('importAllGood')}</p>
      ) : (
        <TableScroll label={t('importProblem')}>
          <table class="desk-table" data-testid="import-rejected">
            <thead>
              <tr>
                <th scope="col">{t('importRow')}</th>
                <th scope="col">{t('importColumn')}</th>
                <th scope="col">{t('importProblem')}</th>
              </tr>
            </thead>
            <tbody>
              {report.rejected.map((rejection) => (
                <tr key={`${rejection.row}-${rejection.column}`}>
                  <td class="nowrap">{rejection.row}</td>
                  <td class="nowrap">{rejection.column}</td>
                  <td class="wrap">{rejection.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

export function ImportRoster() {
  const { t } = useI18n();
  const { requestSync } = useApp();
  const [kind, setKind] = useState<ImportKind>('households');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);
  const [result, setResult] = useState<{ report: ImportReport; dryRun: boolean } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const run = async (dryRun: boolean) => {
    setFailure(null);
    if (!file) {
      setFailure(t('importChooseFile'));
      return;
    }
    setBusy(dryRun ? 'check' : 'import');
    try {
      setResult({ report: await importRoster(kind, file, dryRun), dryRun });
      if (!dryRun) requestSync();
    } catch (error) {
      setResult(null);
      setFailure(errorWords(error, t));
    } finally {
      setBusy(null);
    }
  };
  return (
    <>
      <h1>{t('deskImport')}</h1>
      <div class="panes">
        <section class="pane">
          <form
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              void run(true);
            }}
          >
            <label>
              {t('importKind')}
              <select
                name="kind"
                value={kind}
                onChange={(e) => {
                  setKind(e.currentTarget.value as ImportKind);
                  setResult(null);
                }}
              >
                <option value="households">{t('importHouseholds')}</option>
                <option value="partyMembers">{t('importMembers')}</option>
              </select>
            </label>
            <p>
              <a href={templateUrl(kind)} download>
                {t('downloadTemplate')}
              </a>
            </p>
            <label>
              {t('importFile')}
              <input
                type="file"
                name="file"
                accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
                aria-describedby={failure ? 'import-failure' : undefined}
                onChange={(e) => {
                  setFile(e.currentTarget.files?.[0] ?? null);
                  setResult(null);
                }}
              />
            </label>
            {failure && (
              <p class="desk-error" role="alert" id="import-failure">
                {failure}
              </p>
            )}
            <div class="filter-actions">
              <button type="submit" class="button" disabled={busy !== null} data-testid="import-check">
                {busy === 'check' ? t('importChecking') : t('importCheck')}
              </button>
              <button
                type="button"
                class="button primary-inline"
                disabled={busy !== null}
                data-testid="import-run"
                onClick={() => run(false)}
              >
                {busy === 'import' ? t('importRunning') : t('importRun')}
              </button>
            </div>
          </form>
        </section>
        {result && <Report report={result.report} dryRun={result.dryRun} />}
      </div>
    </>
  );
}
