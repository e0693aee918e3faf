/** Colours for genres on the map, legends and poster tiles (colour-blind-friendly where it matters most). */
const COLORS: Record<string, string> = {
  Action: '#e4572e',
  Adventure: '#f3a712',
  Animation: '#a8c256',
  Children: '#76b041',
  Comedy: '#ffc914',
  Crime: '#6c4f8f',
  Documentary: '#7f8c8d',
  Drama: '#2e86ab',
  Fantasy: '#c77dff',
  'Film-Noir': '#34343f',
  Horror: '#8b1e3f',
  IMAX: '#00a6a6',
  Musical: '#ff70a6',
  Mystery: '#3d5a80',
  Romance: '#ef476f',
  'Sci-Fi': '#118ab2',
  Thriller: '#5b5f97',
  War: '#7a6c5d',
  Western: '#b5651d',
};

export const NO_GENRE_COLOR = '#9aa0a6';

export function genreColor(genre: string | undefined): string {
  return (genre && COLORS[genre]) || NO_GENRE_COLOR;
}

export const primaryGenre = (genres: string): string => genres.split('|')[0] ?? '';
