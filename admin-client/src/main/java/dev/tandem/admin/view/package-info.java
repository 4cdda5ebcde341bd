/**
 * The admin API's answers as records, one per JSON shape the orchestrator sends. Every record ignores fields
 * it does not know, so that an older client reads a newer orchestrator; a field an older orchestrator does not
 * send is null (or false, 0 for primitives). Times are the RFC 3339 strings the API sends.
 */
package dev.tandem.admin.view;
