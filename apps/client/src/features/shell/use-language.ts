import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import type { Language } from "../../i18n/languages";
import { useTRPC } from "../../lib/trpc";
import { toast } from "../../ui/toast";

/** The signed-in person's saved language drives the UI: on sign-in, on another device's change, after a save. */
export function useApplySavedLanguage(saved: Language | undefined) {
  const { i18n } = useTranslation();
  useEffect(() => {
    if (saved && i18n.language !== saved) void i18n.changeLanguage(saved);
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
