// JSDoc types shared by the modules (no code): the model interface, the derived frame `d` every
// view renders, the actions, the per-view context and the view builders. Checked by
// `npm run typecheck` (tsc --checkJs, strict). The trait types themselves are generated from
// lime_widgets/widgets/schema.py into state.gen.d.ts.

/**
 * The synced state as the front end reads it: every trait of every kind, each possibly missing.
 * @typedef {import("./state.gen").TextState & import("./state.gen").ImageState & import("./state.gen").TabularState
 *   & import("./state.gen").PickState & import("./state.gen").ProgressState & import("./state.gen").CompareState} AllTraits
 * @typedef {Partial<AllTraits>} State
 */

/**
 * anywidget's model (or fakemodel.js's stand-in over a plain object).
 * @typedef {object} Model
 * @property {<K extends keyof State>(name: K) => State[K]} get
 * @property {<K extends keyof State>(name: K, value: State[K]) => void} set
 * @property {(event: string, fn: (...args: any[]) => void) => void} on
 * @property {(event?: string, fn?: (...args: any[]) => void) => void} off
 * @property {() => void} save_changes
 * @property {(msg: unknown) => void} send
 */

/**
 * What derive() reads: the model's traits by name (a Model, or the compare view's reader of one model).
 * @typedef {Pick<Model, "get">} TraitReader
 */

/**
 * What a view may do: write traits, re-rendering at once (core.js makeActions).
 * @typedef {object} Actions
 * @property {(id: number) => void} toggle
 * @property {(id: number, value: number | string | null) => void} setEdit
 * @property {(ids: number[]) => void} setOff
 * @property {(name: "show_boundaries" | "overlay_opacity" | "top_k" | "opened" | "stability_seeds" | "curves_label", value: boolean | number, save?: boolean) => void} setTrait
 * @property {() => void} reset
 * @property {(label: number) => void} setLabel
 */

/**
 * Per-view bookkeeping (context.js): subscriptions, listeners and timers undone by dispose().
 * @typedef {object} Ctx
 * @property {Model} model
 * @property {boolean} disposed
 * @property {(event: string, fn: (...args: any[]) => void) => void} on
 * @property {<E extends Event = Event>(target: EventTarget, type: string, fn: (e: E) => void, opts?: AddEventListenerOptions) => void} listen
 * @property {(fn: () => void) => void} onDispose
 * @property {(fn: () => void, ms: number) => ReturnType<typeof setTimeout>} setTimeout
 * @property {(id: ReturnType<typeof setTimeout>) => void} clearTimeout
 * @property {() => void} dispose
 */

/**
 * What the "model now" column shows (pending.js modelNow).
 * @typedef {"original" | "current" | "pending" | "timeout" | "error" | "offline"} NowKind
 * @typedef {{ kind: NowKind, proba: number[] | null, error: string | null, saved: boolean }} ModelNow
 *   saved: the answer was saved with a view that has no kernel (not asked now)
 */

/**
 * A what-if value: a number (numeric feature) or a category string.
 * @typedef {number | string} EditValue
 */

/**
 * One frame of view data, derived from the traits by core.js derive().
 * @typedef {object} Frame
 * @property {string} kind
 * @property {string} thing  how shared panels name the input ("document", "image", "row")
 * @property {string} parts  and its features ("words", "superpixels", "features")
 * @property {boolean} regression
 * @property {string[]} classNames
 * @property {(i: number) => string} className
 * @property {number[]} labels
 * @property {number} label
 * @property {string[]} featureNames
 * @property {(j: number) => string} featureName  display name, repeated names made unique
 * @property {number[]} weights  of the selected label, one per feature
 * @property {number[]} selected  of the selected label
 * @property {number} scale  max |weight| over the selected features
 * @property {boolean} multiOutput  a regression model with several output columns (explained one at a time)
 * @property {string} target  what the weights push: "the prediction" (one regression value) or the selected
 *   class's or column's name in quotes
 * @property {number} out  the selected label's index in the model's output (0 for a single regression value)
 * @property {number} intercept
 * @property {number | undefined} score
 * @property {number | undefined} localPred
 * @property {number[]} proba
 * @property {[number, number] | Record<string, [number, number]> | null} valueRange  regression: one range, or one per column
 * @property {number} numFeatures
 * @property {number | undefined} numSamples
 * @property {number | undefined} seed
 * @property {AllTraits["model_stats"] | null} modelStats
 * @property {string} rejected  the kernel's message for the last front-end write it rejected, "" for none
 * @property {number[]} off  sorted feature ids switched off (edited ones excluded)
 * @property {Set<number>} offSet
 * @property {Column[] | null} columns  tabular only
 * @property {Map<number, EditValue>} edits  tabular what-if values
 * @property {number[] | undefined} z  tabular interpretable values
 * @property {boolean} changed  something is off or edited
 * @property {boolean} offline
 * @property {Counterfactual | null} counterfactual
 * @property {ModelNow} now
 * @property {Record<number, number | null>} estimates  per explained label
 * @property {number | null} estimate  of the selected label
 * @property {Record<string, [number, number]>} intervals  of the selected label: 95 % interval by feature id
 * @property {[number, number][]} ties  of the selected label: neighbouring top features whose intervals overlap
 * @property {string[]} warnings  of the selected label (the engine's)
 * @property {AllTraits["stability"] | null} stability  the stability check (all labels)
 * @property {StabilityOfLabel | null} stabilityOfLabel  its result for the selected label
 * @property {number} stabilityAsked  seeds requested and not yet answered (0: none)
 * @property {AllTraits["curves"] | null} curves  the faithfulness curves (all labels drawn so far)
 * @property {CurvesOfLabel | null} curvesOfLabel  those of the selected label
 * @property {number} curvesAsked  label whose curves were requested and not yet answered (-1: none)
 * @property {Check[]} history  the hand checks so far, oldest first
 */

/**
 * @typedef {AllTraits["columns"][number]} Column
 * @typedef {AllTraits["counterfactual"]} Counterfactual
 * @typedef {AllTraits["items"][number]} PickItem
 * @typedef {AllTraits["history"][number]} Check
 * @typedef {AllTraits["stability"]["labels"][string]} StabilityOfLabel
 * @typedef {AllTraits["curves"]["labels"][string]} CurvesOfLabel
 */

/**
 * A built view: its root element and how to show a new frame. `ownState`: the view sets its
 * root's data-state itself (progress).
 * @typedef {object} View
 * @property {HTMLElement} root
 * @property {(d: Frame) => void} update
 * @property {boolean} [ownState]
 */

/**
 * A part of a view (panel, chart, line): same shape as a view.
 * @typedef {{ root: HTMLElement, update: (d: Frame) => void }} Part
 */

/**
 * @typedef {(ctx: Ctx, actions: Actions, d: Frame) => View} Builder
 */

/**
 * How the status line names the features of a view.
 * @typedef {object} Noun
 * @property {string} one
 * @property {string} many
 * @property {string} [offWord]
 * @property {string} [hint]
 * @property {string} [savedHint]
 */

export {};
