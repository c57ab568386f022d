import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { TRPCClientError } from "@trpc/client";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppForm } from "../ui/app-form";
import { firstMessages, useAppForm } from "./use-app-form";

// What an API input schema looks like: the form holds strings, the procedure takes numbers.
const ZPaymentSchema = z.object({
  amount: z.number({ error: "Enter an amount" }).positive("Enter an amount above zero"),
  reference: z.string().max(10, "At most 10 characters"),
});

function PaymentForm({
  onSubmit,
}: {
  onSubmit: (input: z.input<typeof ZPaymentSchema>) => Promise<unknown>;
}) {
  const form = useAppForm({
    defaultValues: { amount: "", reference: "" },
    schema: ZPaymentSchema,
    toInput: (values) => ({
      amount: values.amount === "" ? Number.NaN : Number(values.amount),
      reference: values.reference,
    }),
    onSubmit,
  });
  return (
    <AppForm form={form}>
      <label>
        Amount <input aria-invalid={Boolean(form.error("amount"))} {...form.register("amount")} />
      </label>
      <p>{form.error("amount")}</p>
      <label>
        Reference <input {...form.register("reference")} />
      </label>
      <p>{form.error("reference")}</p>
      <button type="button" onClick={() => form.setValue("amount", "250")}>
        Fill
      </button>
      <button type="submit">Save</button>
    </AppForm>
  );
}

function serverError(data: Record<string, unknown>) {
  return new TRPCClientError("Rejected", { result: { error: { message: "Rejected", code: -32600, data } } });
}

afterEach(cleanup);

describe("useAppForm", () => {
  it("checks the API schema on the built input before sending, messages under their fields", async () => {
    const onSubmit = vi.fn(async () => {});
    render(<PaymentForm onSubmit={onSubmit} />);
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Save" })));
    expect(await screen.findByText("Enter an amount")).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("submits the schema's input, built from the form values", async () => {
    const onSubmit = vi.fn(async () => {});
    render(<PaymentForm onSubmit={onSubmit} />);
    fireEvent.input(screen.getByLabelText(/Amount/), { target: { value: "1500" } });
    fireEvent.input(screen.getByLabelText(/Reference/), { target: { value: "QKL1" } });
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Save" })));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ amount: 1500, reference: "QKL1" }));
  });

  it("puts the server's fieldErrors under their fields, and other failures above the form", async () => {
    const onSubmit = vi
      .fn<() => Promise<unknown>>()
      .mockRejectedValueOnce(
        serverError({
          code: "BAD_REQUEST",
          httpStatus: 400,
          fieldErrors: { reference: ["Already recorded"] },
        }),
      )
      .mockRejectedValueOnce(serverError({ code: "CONFLICT", httpStatus: 409 }));
    render(<PaymentForm onSubmit={onSubmit} />);
    fireEvent.input(screen.getByLabelText(/Amount/), { target: { value: "10" } });
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Save" })));
    expect(await screen.findByText("Already recorded")).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();

    fireEvent.input(screen.getByLabelText(/Reference/), { target: { value: "NEW" } });
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Save" })));
    await waitFor(() => expect(screen.queryByText("Already recorded")).toBeNull());
    expect(await screen.findByRole("alert")).toBeTruthy();
  });

  it("clears a field's message when code sets its value, as typing does", async () => {
    render(<PaymentForm onSubmit={vi.fn(async () => {})} />);
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Save" })));
    expect(await screen.findByText("Enter an amount")).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Fill" })));
    expect(screen.queryByText("Enter an amount")).toBeNull();
    expect((screen.getByLabelText(/Amount/) as HTMLInputElement).value).toBe("250");
  });

  it("keeps the first message per field", () => {
    expect(firstMessages({ "lines.0.quantity": ["Enter a quantity", "Too big"], email: [] })).toEqual({
      "lines.0.quantity": "Enter a quantity",
    });
    expect(firstMessages(null)).toEqual({});
  });
});
