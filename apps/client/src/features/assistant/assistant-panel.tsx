import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { History, Mic, MicOff, Plus, SendHorizontal, Trash2, Volume2 } from "lucide-react";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { cn } from "../../lib/cn";
import { toProblem } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { Button } from "../../ui/button";
import { ProblemAlert } from "../../ui/problem";
import { Skeleton } from "../../ui/skeleton";
import { useBusiness } from "../shell/business-context";
import { useBusinessFormat } from "../shell/use-business-format";
import { type AnswerCard, AnswerCardView } from "./answer-card";
import { canRecognizeSpeech, listen, type Recognition, type VoiceLanguage } from "./speech";
import { useAnswerSpeech } from "./use-answer-speech";
import { type AskAnswer, useAskStream } from "./use-ask-stream";

interface ChatMessage {
  id: string;
  role: "user" | "assistant";
  content: string;
  language: "en" | "sw";
  cards: AnswerCard[];
  suggestions: string[];
  /** Something to know about this answer (the month's AI allowance is used up). */
  notice?: string | null;
}

const STARTERS: Record<"en" | "sw", string[]> = {
  en: [
    "How much did we make last week?",
    "Which invoices are overdue?",
    "Who owes us the most?",
    "What did we spend on transport this month?",
  ],
  sw: [
    "Tulipata kiasi gani wiki iliyopita?",
    "Ni mteja gani ana deni kubwa zaidi?",
    "Tumetumia kiasi gani kwa mafuta mwezi huu?",
    "Bajeti zangu ziko vipi mwezi huu?",
  ],
};

function HistoryList({ onOpen, onClose }: { onOpen: (id: string) => void; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const format = useBusinessFormat();
  const { t } = useTranslation("assistant");
  const list = useQuery(
    trpc.assistant.conversations.list.queryOptions({ businessId: business.id, limit: 30 }),
  );
  const remove = useMutation(
    trpc.assistant.conversations.delete.mutationOptions({
      onSuccess: () =>
        void queryClient.invalidateQueries({ queryKey: trpc.assistant.conversations.list.queryKey() }),
    }),
  );
  return (
    <div className="flex-1 overflow-y-auto px-4 py-3">
      <div className="mb-2 flex items-center justify-between">
        <h3 className="text-sm font-semibold text-ink-900">{t("history.title")}</h3>
        <Button variant="ghost" size="sm" onClick={onClose}>
          {t("history.back")}
        </Button>
      </div>
      {list.isPending ? (
        <div role="status" className="flex flex-col gap-2">
          <span className="sr-only">{t("history.loading")}</span>
          <Skeleton className="h-12" />
          <Skeleton className="h-12" />
        </div>
      ) : list.isError ? (
        <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <p className="py-8 text-center text-sm text-ink-500">{t("history.empty")}</p>
      ) : (
        <ul className="divide-y divide-ink-100">
          {list.data.items.map((item) => (
            <li key={item.id} className="flex items-center gap-2 py-2">
              <button
                type="button"
                className="min-w-0 flex-1 text-left hover:text-brand-800"
                onClick={() => onOpen(item.id)}
              >
                <span className="block truncate text-sm font-medium">{item.title}</span>
                <span className="block text-xs text-ink-500">{format.relative(item.lastMessageAt)}</span>
              </button>
              <Button
                variant="ghost"
                size="icon"
                aria-label={t("history.delete", { title: item.title })}
                loading={remove.isPending && remove.variables?.conversationId === item.id}
                onClick={() => remove.mutate({ businessId: business.id, conversationId: item.id })}
              >
                <Trash2 aria-hidden />
              </Button>
            </li>
          ))}
        </ul>
      )}
      {remove.isError ? <ProblemAlert className="mt-2" error={remove.error} /> : null}
    </div>
  );
}

/** The conversation: questions, answers with their figure cards, follow-ups, voice in and out. */
export function AssistantPanel({ onNavigate }: { onNavigate: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const { t, i18n } = useTranslation("assistant");
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [conversationId, setConversationId] = useState<string | null>(null);
  const [draft, setDraft] = useState("");
  const [view, setView] = useState<"chat" | "history">("chat");
  const [voice, setVoice] = useState<VoiceLanguage>("en-KE");
  const [listening, setListening] = useState(false);
  const recognition = useRef<Recognition | null>(null);
  const endRef = useRef<HTMLDivElement | null>(null);
  const inputRef = useRef<HTMLTextAreaElement | null>(null);
  const [loadingConversation, setLoadingConversation] = useState(false);
  const [openError, setOpenError] = useState<unknown>(null);
  const speech = useAnswerSpeech();

  const ask = useAskStream((answer: AskAnswer) => {
    setConversationId(answer.conversationId);
    setMessages((current) => [
      ...current,
      {
        id: answer.messageId,
        role: "assistant",
        content: answer.reply,
        language: answer.language,
        cards: answer.cards,
        suggestions: answer.suggestions,
        notice: answer.notice,
      },
    ]);
    void queryClient.invalidateQueries({ queryKey: trpc.assistant.conversations.list.queryKey() });
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll whenever the conversation grows
  useEffect(() => {
    endRef.current?.scrollIntoView({ block: "end" });
  }, [messages.length, ask.isPending, ask.streamingText]);
  useEffect(() => () => recognition.current?.abort(), []);

  const send = (text: string) => {
    const message = text.trim();
    if (!message || ask.isPending) return;
    setMessages((current) => [
      ...current,
      {
        id: `local-${current.length}`,
        role: "user",
        content: message,
        language: "en",
        cards: [],
        suggestions: [],
      },
    ]);
    setDraft("");
    ask.mutate({ businessId: business.id, message, conversationId });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    send(draft);
  };

  const toggleListening = () => {
    if (listening) {
      recognition.current?.stop();
      return;
    }
    recognition.current = listen(voice, {
      onText: (text, final) => {
        setDraft(text);
        if (final) send(text);
      },
      onEnd: () => setListening(false),
      onError: () => setListening(false),
    });
    setListening(recognition.current !== null);
  };

  const openConversation = async (id: string) => {
    setLoadingConversation(true);
    setOpenError(null);
    try {
      const stored = await queryClient.fetchQuery(
        trpc.assistant.conversations.get.queryOptions({ businessId: business.id, conversationId: id }),
      );
      setConversationId(stored.id);
      setMessages(
        stored.messages.map((message) => ({
          id: message.id,
          role: message.role,
          content: message.content,
          language: message.language,
          cards: message.cards,
          suggestions: message.suggestions,
          notice: message.notice,
        })),
      );
      setView("chat");
    } catch (error) {
      setOpenError(error);
    } finally {
      setLoadingConversation(false);
    }
  };

  const startOver = () => {
    setMessages([]);
    setConversationId(null);
    ask.reset();
    inputRef.current?.focus();
  };

  const last = messages.at(-1);
  const suggestions = last?.role === "assistant" ? last.suggestions : [];
  const limited = ask.isError && toProblem(ask.error).kind === "rate-limited";

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="flex items-center gap-1 border-b border-ink-100 px-3 py-1.5">
        <Button variant="ghost" size="sm" onClick={() => setView(view === "history" ? "chat" : "history")}>
          <History aria-hidden />
          {t("panel.history")}
        </Button>
        <Button variant="ghost" size="sm" onClick={startOver} disabled={messages.length === 0}>
          <Plus aria-hidden />
          {t("panel.new")}
        </Button>
      </div>
      {view === "history" ? (
        <HistoryList onOpen={(id) => void openConversation(id)} onClose={() => setView("chat")} />
      ) : (
        <div className="flex-1 overflow-y-auto px-4 py-3" aria-live="polite">
          {loadingConversation ? (
            <div role="status">
              <span className="sr-only">{t("panel.opening")}</span>
              <Skeleton className="h-16" />
            </div>
          ) : null}
          {openError ? <ProblemAlert error={openError} /> : null}
          {messages.length === 0 && !loadingConversation ? (
            <div className="py-4">
              <p className="text-sm text-ink-600">{t("panel.intro")}</p>
              <div className="mt-4 flex flex-col gap-2">
                {(i18n.language === "sw"
                  ? [...STARTERS.sw, ...STARTERS.en]
                  : [...STARTERS.en, ...STARTERS.sw]
                ).map((question) => (
                  <button
                    key={question}
                    type="button"
                    onClick={() => send(question)}
                    className="rounded-lg border border-ink-200 px-3 py-2 text-left text-sm text-ink-800 hover:border-brand-300 hover:bg-brand-50"
                  >
                    {question}
                  </button>
                ))}
              </div>
            </div>
          ) : null}
          <ol className="flex flex-col gap-3">
            {messages.map((message) => (
              <li key={message.id} className={cn("flex flex-col", message.role === "user" && "items-end")}>
                {message.role === "user" ? (
                  <p className="max-w-[85%] rounded-2xl rounded-br-sm bg-brand-700 px-3 py-2 text-sm text-white">
                    {message.content}
                  </p>
                ) : (
                  <div className="w-full">
                    <div className="flex items-start gap-2">
                      <p className="flex-1 rounded-2xl rounded-bl-sm bg-ink-100 px-3 py-2 text-sm text-ink-900">
                        {message.content}
                      </p>
                      <Button
                        variant="ghost"
                        size="icon"
                        aria-label={t("panel.readAloud")}
                        loading={speech.loadingId === message.id}
                        onClick={() => void speech.play(message.id)}
                      >
                        <Volume2 aria-hidden />
                      </Button>
                    </div>
                    {message.notice ? (
                      <p className="mt-1.5 rounded-md bg-amber-50 px-3 py-1.5 text-xs text-amber-900">
                        {message.notice}
                      </p>
                    ) : null}
                    {message.cards.map((card) => (
                      <AnswerCardView
                        key={`${message.id}-${card.title}`}
                        card={card}
                        onNavigate={onNavigate}
                      />
                    ))}
                  </div>
                )}
              </li>
            ))}
            {ask.isPending && ask.streamingText ? (
              <li className="w-full" aria-busy="true">
                <p
                  className="rounded-2xl rounded-bl-sm bg-ink-100 px-3 py-2 text-sm text-ink-900"
                  data-testid="assistant-streaming"
                >
                  {ask.streamingText}
                  <span className="ml-0.5 inline-block h-3.5 w-1.5 animate-pulse bg-ink-400 align-middle" />
                </p>
              </li>
            ) : ask.isPending ? (
              <li role="status" className="flex items-center gap-2 text-sm text-ink-500">
                <span className="size-2 animate-pulse rounded-full bg-brand-600" />
                {t("panel.thinking")}
              </li>
            ) : null}
          </ol>
          {ask.isError ? (
            <ProblemAlert
              className="mt-3"
              error={ask.error}
              title={limited ? t("panel.limited") : undefined}
            />
          ) : null}
          {suggestions.length > 0 && !ask.isPending ? (
            <nav className="mt-3 flex flex-wrap gap-1.5" aria-label={t("panel.suggestions")}>
              {suggestions.map((suggestion) => (
                <button
                  key={suggestion}
                  type="button"
                  onClick={() => send(suggestion)}
                  className="rounded-full border border-brand-200 bg-brand-50 px-3 py-1 text-xs font-medium text-brand-800 hover:bg-brand-100"
                >
                  {suggestion}
                </button>
              ))}
            </nav>
          ) : null}
          <div ref={endRef} />
        </div>
      )}
      <form onSubmit={submit} className="border-t border-ink-100 p-3">
        <div className="flex items-end gap-2">
          <label htmlFor="assistant-question" className="sr-only">
            {t("panel.question")}
          </label>
          <textarea
            id="assistant-question"
            ref={inputRef}
            rows={1}
            value={draft}
            maxLength={500}
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Enter" && !event.shiftKey) {
                event.preventDefault();
                send(draft);
              }
            }}
            placeholder={listening ? t("panel.listening") : t("panel.placeholder")}
            className="max-h-32 min-h-10 flex-1 resize-none rounded-md border border-ink-200 bg-surface px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-brand-600"
          />
          {canRecognizeSpeech() ? (
            <>
              <button
                type="button"
                onClick={() => setVoice(voice === "en-KE" ? "sw-KE" : "en-KE")}
                className="h-10 rounded-md px-1.5 text-xs font-semibold text-ink-600 hover:bg-ink-100"
                aria-label={t("panel.voiceLanguage", {
                  language: voice === "en-KE" ? "English" : "Kiswahili",
                })}
              >
                {voice === "en-KE" ? "EN" : "SW"}
              </button>
              <Button
                variant={listening ? "danger" : "secondary"}
                size="icon"
                className="size-10"
                aria-label={listening ? t("panel.stopListening") : t("panel.askByVoice")}
                aria-pressed={listening}
                onClick={toggleListening}
              >
                {listening ? <MicOff aria-hidden /> : <Mic aria-hidden />}
              </Button>
            </>
          ) : null}
          <Button
            type="submit"
            size="icon"
            className="size-10"
            aria-label={t("panel.ask")}
            loading={ask.isPending}
          >
            <SendHorizontal aria-hidden />
          </Button>
        </div>
      </form>
    </div>
  );
}
