import type { Resource, TraceExporter, TraceProcessor } from '../core/types.js';
import { diag } from '../diag/diag.js';
import { SimpleProcessor } from './simple-processor.js';
import type { ExporterChoice, PipelineConfig } from './types.js';

function isExporter(value: unknown): value is TraceExporter {
  return typeof value === 'object' && value !== null && typeof (value as TraceExporter).export === 'function';
}

/**
 * Builds the processors for the configured exporters. (Placeholder: the export
 * pipeline replaces this with batching and the built-in exporters.)
 */
export function createPipeline(config: PipelineConfig, _resource: Resource): TraceProcessor[] {
  const choices: readonly ExporterChoice[] =
    config.exporter === undefined ? [] : Array.isArray(config.exporter) ? config.exporter : [config.exporter as ExporterChoice];
  const processors: TraceProcessor[] = [];
  for (const choice of choices) {
    if (isExporter(choice)) processors.push(new SimpleProcessor(choice));
    else if (choice !== 'none') diag.warn(`exporter "${String(choice)}" is not available yet; ignored`);
  }
  return processors;
}
