import { useRef } from 'react';
import { movieAt } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { useWidth } from '../charts/useWidth';
import { ExportButton } from '../export/ExportButton';
import { usePalette } from '../theme';
import { pointAt } from './geometry';
import { MapLegend } from './MapLegend';
import { MapNeighbours } from './MapNeighbours';
import { MapTip } from './MapTip';
import { mapExportSpec } from './mapExport';
import { useMapData } from './useMapData';
import { useMapInput } from './useMapInput';
import { useMapPaint } from './useMapPaint';
import { useMapView } from './useMapView';

/** The map's height in px; presenter mode has room for a taller one on a 1080p projector. */
const HEIGHTS = { page: 360, present: 460, embed: 360 } as const;

/**
 * The catalog's 2-D map on a canvas (thousands of points stay smooth), with the visitor's rated
 * movies, recommendations, and their path from the meta-initialization through each inner step.
 * Hover or keyboard focus shows a title; wheel, buttons and keys zoom; drag and arrow keys pan.
 * Click or Enter picks a movie: its nearest neighbours in the model's item space (from the worker)
 * are listed beside the map and ringed on it. The wheel zooms only with Ctrl/Cmd or while the map
 * has focus, so the page still scrolls past it; two fingers pinch to zoom. The parts: geometry.ts
 * (frame, transform, zoom, hit test), useMapView (zoom and pan), useMapInput (pointer, wheel and
 * keys), paint.ts with useMapPaint (the canvas), MapTip, MapNeighbours and MapLegend.
 */
export function EmbeddingMap() {
  const { catalog, rated, recs, compareTrails, colors, path, arrival, fitBounds, ratedIdx, marked, init } =
    useMapData();
  const highlight = useAppStore((s) => s.highlight);
  const mapFocus = useAppStore((s) => s.mapFocus);
  const focusOnMap = useAppStore((s) => s.focusOnMap);
  const height = HEIGHTS[useAppStore((s) => s.display)];
  const pal = usePalette();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [wrapRef, width] = useWidth<HTMLDivElement>(600, 200);
  const map = useMapView(fitBounds, width, height);
  const count = catalog?.titles.length ?? 0;
  const { shown, ringed, handlers } = useMapInput({
    canvasRef,
    map,
    xy: catalog?.xy ?? null,
    count,
    marked,
    pick: focusOnMap,
    highlight,
  });
  useMapPaint(canvasRef, {
    catalog,
    colors,
    size: { width, height },
    zoom: map.view.k,
    project: map.project,
    overlays: { recs, rated: ratedIdx, compareTrails, path, arrival, focus: mapFocus, ringed, init },
    pal,
  });

  const lastPoint = path[path.length - 1];
  const youXY = lastPoint ? map.project(lastPoint[0], lastPoint[1]) : null;
  const shownMovie = shown !== null ? movieAt({ catalog }, shown) : null;
  // What is ringed on the map, by movie id, for the page's tests and assistive text.
  const highlighted = ringed !== null ? movieAt({ catalog }, ringed) : null;
  const picked = mapFocus ? movieAt({ catalog }, mapFocus.index) : null;
  const neighbourMovies = (mapFocus?.neighbours ?? []).flatMap((i) => {
    const m = movieAt({ catalog }, i);
    return m ? [m] : [];
  });

  return (
    <section className="card map-card" aria-labelledby="map-heading">
      <header className="card-head">
        <div>
          <h2 id="map-heading">Taste map</h2>
          <p className="card-sub">
            Every movie, placed by what the model learned; your point moves as it learns from you.
          </p>
          <p className="card-sub map-read" data-testid="map-how-to-read">
            How to read it: your list follows the direction your point moves and each movie’s own appeal, not
            closeness on this map, so a recommended movie can sit far from you.
          </p>
        </div>
        <div className="map-tools" role="group" aria-label="Map zoom">
          <button type="button" className="icon-btn" aria-label="Zoom in" onClick={() => map.zoom(1.4)}>
            +
          </button>
          <button type="button" className="icon-btn" aria-label="Zoom out" onClick={() => map.zoom(1 / 1.4)}>
            −
          </button>
          <button type="button" className="btn btn-ghost btn-sm" onClick={map.fit} aria-pressed={map.fitted}>
            Fit view
          </button>
          <ExportButton
            figure="taste-map"
            what="the taste map with your path"
            format="png"
            spec={() => mapExportSpec(useAppStore.getState())}
          />
        </div>
      </header>
      <div
        className="map-wrap"
        ref={wrapRef}
        data-testid="embedding-map"
        data-points={count}
        data-trajectory-points={path.length}
        data-compare-trails={compareTrails.length}
        data-arrival-points={arrival.length}
        data-rated={ratedIdx.length}
        data-recommended={recs.length}
        data-zoom={map.view.k.toFixed(2)}
        data-fit={map.fitted ? 'auto' : 'manual'}
        data-width={width}
        data-height={height}
        data-you-x={youXY ? youXY[0].toFixed(1) : ''}
        data-you-y={youXY ? youXY[1].toFixed(1) : ''}
        data-highlight={highlighted?.movieId ?? ''}
        data-selected={picked?.movieId ?? ''}
        data-neighbours={neighbourMovies.map((m) => m.movieId).join(',')}
        data-init={init ? `${init[0].toFixed(4)},${init[1].toFixed(4)}` : ''}
      >
        <canvas
          ref={canvasRef}
          style={{ width: '100%', height }}
          tabIndex={0}
          role="img"
          aria-label={`Map of ${count} movies with your ${ratedIdx.length} rated movies, ${recs.length} recommendations and your path over ${Math.max(0, path.length - 1)} learning steps. Arrow keys pan, plus and minus zoom, brackets step through your movies, Enter lists the movie's nearest neighbours.`}
          {...handlers}
        />
        {shownMovie && catalog && (
          <MapTip
            movie={shownMovie}
            at={map.project(...pointAt(catalog.xy, shownMovie.index))}
            width={width}
            rating={rated.find((r) => r.movieId === shownMovie.movieId)?.rating}
            recRank={recs.findIndex((r) => r.index === shownMovie.index)}
          />
        )}
      </div>
      {picked && (
        <MapNeighbours picked={picked} finding={mapFocus?.neighbours === null} neighbours={neighbourMovies} />
      )}
      <MapLegend compared={compareTrails.length > 0} />
    </section>
  );
}
