// What each update failure is called (UpdateFailure.reason; the shell's words go under Details).
import { t } from "../i18n/i18n.svelte";
import type { UpdateFailureReason } from "../ipc";

export function failureText(reason: UpdateFailureReason): string {
  switch (reason) {
    case "network":
      return t("updates.failed.network");
    case "signature":
      return t("updates.failed.signature");
    case "noBundle":
      return t("updates.failed.noBundle");
    case "install":
      return t("updates.failed.install");
    case "nothingToInstall":
      return t("updates.failed.nothingToInstall");
    case "other":
      return t("updates.failed.other");
  }
}
