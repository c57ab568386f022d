import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { i18n as I18n } from "i18next";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import type { Language } from "../../i18n/languages";
import { useTRPC } from "../../lib/trpc";
import { toast } from "../../ui/toast";

/**
 * Asks for the saved language every time it changes, even when the screen already shows it: a language whose
 * catalogues are still loading is not yet `i18n.language`, and only a newer request cancels it. (A reload right
 * after switching back to English restored the old Kiswahili profile from the offline snapshot first, then the
 * fresh English one; comparing with `i18n.language` skipped English and Kiswahili won when its catalogues came.)
 */
export function followSavedLanguage(i18n: I18n, saved: Language | undefined): Promise<unknown> | undefined {
  return saved ? i18n.changeLanguage(saved) : undefined;
}

/** The signed-in person's saved language drives the UI: on sign-in, on another device's change, after a save. */
export function useApplySavedLanguage(saved: Language | undefined) {
  const { i18n } = useTranslation();
  useEffect(() => {
    void followSavedLanguage(i18n, saved);
  }, [saved, i18n]);
}

/** Switches the UI at once and saves the choice to the profile, so every device and email follows it. */
export function useChangeLanguage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { i18n } = useTranslation("shell");
  const update = useMutation(trpc.profile.update.mutationOptions());
  return async (language: Language) => {
    const previous = i18n.language;
    if (previous === language) return;
    await i18n.changeLanguage(language);
    try {
      const saved = await update.mutateAsync({ language });
      queryClient.setQueryData(trpc.auth.me.queryKey(), (current) =>
        current ? { ...current, user: saved } : current,
      );
      // Said in the language just chosen (the hook's own `t` is bound to the one being left).
      toast("success", i18n.getFixedT(language, "shell")("language.saved"));
    } catch {
      await i18n.changeLanguage(previous);
      toast("error", i18n.getFixedT(previous, "shell")("language.failed"));
    }
  };
}
