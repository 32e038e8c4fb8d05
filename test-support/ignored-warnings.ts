/** The STRATA_OPTION_IGNORED warnings `work` emits through process.emitWarning. */
export async function ignoredWarnings(work: () => Promise<unknown>): Promise<string[]> {
  const emit = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  try {
    await work();
    return emit.mock.calls
      .filter(([, options]) => (options as { code?: string } | undefined)?.code === 'STRATA_OPTION_IGNORED')
      .map(([message]) => String(message));
  } finally {
    emit.mockRestore();
  }
}
