import type { FormBinding } from '../../lib/options/binding';
import { TextAreaSetting } from './SettingInputs';

export interface CriteriaFieldsetProps {
  form: FormBinding;
  /** The criteria just replaced by the default, for an undo; null when there is nothing to undo. */
  replaced: string | null;
  onRestoreDefault: () => void;
  onUndoRestore: () => void;
}

export function CriteriaFieldset(props: CriteriaFieldsetProps) {
  const { form, replaced } = props;
  return (
    <fieldset>
      <legend>What to look for</legend>
      <TextAreaSetting
        form={form}
        setting="criteria"
        rows={16}
        hint="Every paper is judged against this text. The default is the published digest pipeline’s topic criteria; the rubric for relevance and novelty is added by Paper Sieve."
        extra={
          <div class="field__actions">
            <button type="button" onClick={props.onRestoreDefault}>
              Restore default
            </button>
            {replaced !== null && (
              <button type="button" class="button--quiet" onClick={props.onUndoRestore}>
                Undo: bring back my criteria
              </button>
            )}
          </div>
        }
      />
      <TextAreaSetting
        form={form}
        setting="followedAuthors"
        rows={5}
        placeholder={'Yoshua Bengio\nGeoffrey Hinton'}
        hint="One name a line. Their papers are kept as “Author match” without asking the model; lines starting with # are ignored."
      />
    </fieldset>
  );
}
