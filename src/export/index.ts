export type { ExportOptions, ExporterChoice, FileExportOptions, OtlpOptions, PipelineConfig } from './types.js';
export { createPipeline } from './create-pipeline.js';
export { InMemoryExporter } from './in-memory-exporter.js';
export { SimpleProcessor } from './simple-processor.js';
